"""The predikat matrix, the rating guidance and the suggested rating of penilaian/predikat.py (docs/rules.md §7.5–§7.7):
pure functions, no database."""

import pytest

from penilaian.predikat import (
    PREDIKAT_MATRIX,
    RATING_GUIDANCE,
    Predikat,
    Rating,
    predikat,
    suggest_rating,
)

# Rows of the docs/rules.md §7.7 table (hasil kerja) against its columns (perilaku), written out cell by cell.
MATRIX_CELLS = [
    (Rating.DIATAS, Rating.DIBAWAH, Predikat.KURANG),
    (Rating.DIATAS, Rating.SESUAI, Predikat.BAIK),
    (Rating.DIATAS, Rating.DIATAS, Predikat.SANGAT_BAIK),
    (Rating.SESUAI, Rating.DIBAWAH, Predikat.KURANG),
    (Rating.SESUAI, Rating.SESUAI, Predikat.BAIK),
    (Rating.SESUAI, Rating.DIATAS, Predikat.BAIK),
    (Rating.DIBAWAH, Rating.DIBAWAH, Predikat.SANGAT_KURANG),
    (Rating.DIBAWAH, Rating.SESUAI, Predikat.BUTUH_PERBAIKAN),
    (Rating.DIBAWAH, Rating.DIATAS, Predikat.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku", "expected"),
    [
        pytest.param(*cell, id=f"hasil_{cell[0].value}-perilaku_{cell[1].value}-{cell[2].value}")
        for cell in MATRIX_CELLS
    ],
)
def test_predikat_follows_the_matrix_cell(hasil_kerja, perilaku, expected):
    assert predikat(hasil_kerja, perilaku) == expected


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku", "expected"),
    [
        pytest.param(*cell, id=f"hasil_{cell[0].value}-perilaku_{cell[1].value}-{cell[2].value}")
        for cell in MATRIX_CELLS
    ],
)
def test_predikat_accepts_the_stored_string_values(hasil_kerja, perilaku, expected):
    assert predikat(str(hasil_kerja.value), str(perilaku.value)) == expected


def test_matrix_has_exactly_one_cell_per_pair_of_ratings():
    assert set(PREDIKAT_MATRIX) == {(h, p) for h in Rating for p in Rating}
    assert len(PREDIKAT_MATRIX) == 9


def test_every_predikat_is_reachable_from_some_pair_of_ratings():
    assert set(PREDIKAT_MATRIX.values()) == set(Predikat)


def test_predikat_refuses_an_unknown_rating():
    with pytest.raises(ValueError):
        predikat("luar_biasa", Rating.SESUAI)


def test_hasil_kerja_and_perilaku_are_not_interchangeable():
    assert predikat(Rating.DIATAS, Rating.DIBAWAH) == Predikat.KURANG
    assert predikat(Rating.DIBAWAH, Rating.DIATAS) == Predikat.BUTUH_PERBAIKAN


def test_labels_are_the_official_wording():
    assert [r.label for r in Rating] == ["Diatas Ekspektasi", "Sesuai Ekspektasi", "Dibawah Ekspektasi"]
    assert [p.label for p in Predikat] == [
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang/Misconduct",
        "Sangat Kurang",
    ]


GUIDANCE_KEYS = [(aspect, rating) for aspect in ("hasil_kerja", "perilaku") for rating in Rating]


@pytest.mark.parametrize(("aspect", "rating"), [pytest.param(a, r, id=f"{a}-{r.value}") for a, r in GUIDANCE_KEYS])
def test_guidance_exists_for_each_aspect_and_rating(aspect, rating):
    text = RATING_GUIDANCE[aspect, rating]
    assert len(text) > 40
    assert text.endswith(".")


def test_guidance_has_six_distinct_texts_and_nothing_else():
    assert set(RATING_GUIDANCE) == set(GUIDANCE_KEYS)
    assert len(set(RATING_GUIDANCE.values())) == 6


@pytest.mark.parametrize(
    ("aspect", "rating", "phrase"),
    [
        pytest.param("hasil_kerja", Rating.DIATAS, "di atas ekspektasi", id="hasil_kerja-diatas"),
        pytest.param("hasil_kerja", Rating.DIATAS, "tidak ada Hasil Kerja Utama", id="hasil_kerja-diatas-utama"),
        pytest.param("hasil_kerja", Rating.SESUAI, "sesuai ekspektasi", id="hasil_kerja-sesuai"),
        pytest.param("hasil_kerja", Rating.SESUAI, "hanya sebagian kecil", id="hasil_kerja-sesuai-sebagian-kecil"),
        pytest.param("hasil_kerja", Rating.DIBAWAH, "Kinerja Utama di bawah Ekspektasi", id="hasil_kerja-dibawah"),
        pytest.param("hasil_kerja", Rating.DIBAWAH, "tidak menunjukkan respon positif", id="hasil_kerja-dibawah-ub"),
        pytest.param("perilaku", Rating.DIATAS, "untuk diri sendiri dan orang lain", id="perilaku-diatas"),
        pytest.param("perilaku", Rating.SESUAI, "secara konsisten", id="perilaku-sesuai"),
        pytest.param("perilaku", Rating.DIBAWAH, "belum secara konsisten", id="perilaku-dibawah"),
    ],
)
def test_guidance_uses_the_wording_of_the_panduan(aspect, rating, phrase):
    assert phrase in RATING_GUIDANCE[aspect, rating]


# The Buleleng guide's Panduan Rating, written out word for word (first letter capitalised, full stop added).
GUIDE = {
    ("hasil_kerja", Rating.DIATAS): "sebagian besar atau seluruh Hasil Kerja di atas ekspektasi dan tidak ada Hasil "
    "Kerja Utama yang di bawah ekspektasi dan Umpan Balik sebagian/seluruhnya menunjukkan respon positif",
    ("hasil_kerja", Rating.SESUAI): "sebagian besar atau seluruh Hasil Kerja sesuai ekspektasi dan hanya sebagian "
    "kecil Hasil Kerja Utama yang di bawah ekspektasi dan Umpan Balik Sebagian menunjukkan respon positif",
    ("hasil_kerja", Rating.DIBAWAH): "sebagian besar atau seluruh Kinerja Utama di bawah Ekspektasi dan Umpan balik "
    "yang diberikan atas hasil kerja Pegawai sebagian besar atau seluruhnya tidak menunjukkan respon positif",
    (
        "perilaku",
        Rating.DIATAS,
    ): "Pegawai secara konsisten menjalankan core values ASN untuk diri sendiri dan orang lain",
    ("perilaku", Rating.SESUAI): "Pegawai secara konsisten menjalankan core values ASN untuk diri sendiri",
    ("perilaku", Rating.DIBAWAH): "Pegawai belum secara konsisten menjalankan core values ASN",
}


@pytest.mark.parametrize(("aspect", "rating"), [pytest.param(a, r, id=f"{a}-{r.value}") for a, r in GUIDANCE_KEYS])
def test_guidance_is_the_guides_text_word_for_word(aspect, rating):
    words = GUIDE[aspect, rating]
    assert RATING_GUIDANCE[aspect, rating] == words[0].upper() + words[1:] + "."


def test_perilaku_sesuai_guidance_stops_at_oneself():
    assert "orang lain" not in RATING_GUIDANCE["perilaku", Rating.SESUAI]


@pytest.mark.parametrize(
    ("positif", "negatif", "expected"),
    [
        pytest.param(0, 0, None, id="no-feedback-no-suggestion"),
        pytest.param(1, 0, Rating.SESUAI, id="one-positive-is-too-thin-for-diatas"),
        pytest.param(2, 0, Rating.DIATAS, id="two-positive-no-negative-diatas"),
        pytest.param(7, 0, Rating.DIATAS, id="all-seven-perilaku-positive-diatas"),
        pytest.param(6, 1, Rating.SESUAI, id="one-negative-among-seven-sesuai"),
        pytest.param(3, 2, Rating.SESUAI, id="positive-majority-with-negatives-sesuai"),
        pytest.param(2, 2, Rating.SESUAI, id="tie-sesuai"),
        pytest.param(1, 1, Rating.SESUAI, id="one-each-sesuai"),
        pytest.param(2, 3, Rating.DIBAWAH, id="negative-majority-dibawah"),
        pytest.param(0, 1, Rating.DIBAWAH, id="single-negative-dibawah"),
        pytest.param(0, 5, Rating.DIBAWAH, id="all-negative-dibawah"),
    ],
)
def test_suggest_rating_reads_feedback_polarity(positif, negatif, expected):
    assert suggest_rating(positif, negatif) == expected


@pytest.mark.parametrize(("positif", "negatif"), [(-1, 0), (0, -1)])
def test_suggest_rating_refuses_negative_counts(positif, negatif):
    with pytest.raises(ValueError):
        suggest_rating(positif, negatif)
