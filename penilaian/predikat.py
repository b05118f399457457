"""Ratings, the predikat matrix and the official rating guidance (docs/rules.md §7.4–§7.7): data and pure functions."""

from django.db.models import TextChoices


class Rating(TextChoices):
    """Rating Hasil Kerja or Rating Perilaku Kerja, chosen by the penilai."""

    DIATAS = "diatas", "Diatas Ekspektasi"
    SESUAI = "sesuai", "Sesuai Ekspektasi"
    DIBAWAH = "dibawah", "Dibawah Ekspektasi"


class Predikat(TextChoices):
    """Predikat Kinerja Pegawai: computed from the two ratings, never typed."""

    SANGAT_BAIK = "sangat_baik", "Sangat Baik"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang/Misconduct"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


class CapaianOrganisasi(TextChoices):
    """Capaian Kinerja Organisasi of a unit kerja for a period (docs/rules.md §8.1)."""

    ISTIMEWA = "istimewa", "Istimewa"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


# (rating hasil kerja, rating perilaku kerja) → predikat; PermenPANRB 6/2022 (docs/rules.md §7.7).
PREDIKAT_MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (Rating.DIATAS, Rating.DIBAWAH): Predikat.KURANG,
    (Rating.DIATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DIATAS, Rating.DIATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DIBAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DIATAS): Predikat.BAIK,
    (Rating.DIBAWAH, Rating.DIBAWAH): Predikat.SANGAT_KURANG,
    (Rating.DIBAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DIBAWAH, Rating.DIATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja: Rating, perilaku: Rating) -> Predikat:
    """The predikat for a rating hasil kerja and a rating perilaku kerja.

    Plain strings ("diatas") are accepted as well as members; anything else raises ValueError."""
    return PREDIKAT_MATRIX[Rating(hasil_kerja), Rating(perilaku)]


# Shown beside each choice: the Panduan Rating word for word as the Buleleng guide quotes it (PermenPANRB 6/2022;
# docs/rules.md §7.5), only the first letter capitalised and a full stop added. "Kinerja Utama" in the Dibawah line
# is the guide's wording (it means "Hasil Kerja Utama"); it is quoted as written, not corrected.
RATING_GUIDANCE: dict[tuple[str, Rating], str] = {
    ("hasil_kerja", Rating.DIATAS): (
        "Sebagian besar atau seluruh Hasil Kerja di atas ekspektasi dan tidak ada Hasil Kerja Utama yang di bawah "
        "ekspektasi dan Umpan Balik sebagian/seluruhnya menunjukkan respon positif."
    ),
    ("hasil_kerja", Rating.SESUAI): (
        "Sebagian besar atau seluruh Hasil Kerja sesuai ekspektasi dan hanya sebagian kecil Hasil Kerja Utama yang "
        "di bawah ekspektasi dan Umpan Balik Sebagian menunjukkan respon positif."
    ),
    ("hasil_kerja", Rating.DIBAWAH): (
        "Sebagian besar atau seluruh Kinerja Utama di bawah Ekspektasi dan Umpan balik yang diberikan atas hasil "
        "kerja Pegawai sebagian besar atau seluruhnya tidak menunjukkan respon positif."
    ),
    ("perilaku", Rating.DIATAS): (
        "Pegawai secara konsisten menjalankan core values ASN untuk diri sendiri dan orang lain."
    ),
    ("perilaku", Rating.SESUAI): "Pegawai secara konsisten menjalankan core values ASN untuk diri sendiri.",
    ("perilaku", Rating.DIBAWAH): "Pegawai belum secara konsisten menjalankan core values ASN.",
}

# A single 👍 says "good"; it cannot show "consistently above expectation".
MIN_FEEDBACK_FOR_DIATAS = 2


def suggest_rating(positif: int, negatif: int) -> Rating | None:
    """A rating to pre-select from the polarity of the penilai's umpan balik on one aspect; never imposed.

    The rule follows the wording of the guidance, read on polarity alone:

    - no feedback at all → None (nothing to suggest);
    - more negative than positive ("sebagian besar atau seluruhnya tidak menunjukkan respon positif")
      → Dibawah Ekspektasi;
    - no negative at all and at least MIN_FEEDBACK_FOR_DIATAS (2) rows ("tidak ada ... di bawah
      ekspektasi", "secara konsisten") → Diatas Ekspektasi;
    - everything else, including a tie and a single positive row → Sesuai Ekspektasi.

    Polarity cannot tell "good" from "above expectation", so Diatas is suggested only when every row agrees;
    the penilai, who reads the realisasi, decides.
    """
    if positif < 0 or negatif < 0:
        raise ValueError("Jumlah umpan balik tidak boleh negatif.")
    if positif + negatif == 0:
        return None
    if negatif > positif:
        return Rating.DIBAWAH
    if negatif == 0 and positif >= MIN_FEEDBACK_FOR_DIATAS:
        return Rating.DIATAS
    return Rating.SESUAI
