"""The pegawai CSV import (docs/rules.md §1.11): the service, its rejections, idempotency, audit and the CLI."""

import csv
import io
import random
import re
import time

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.importer import ImportRejected, RowError, decode_upload, import_pegawai
from accounts.models import UNIT_SEPARATOR, Instansi, UnitKerja, User
from tests.factories import TEST_PASSWORD, make_nip

UserEvent = apps.get_model("accounts", "UserEvent")

COLUMNS = [
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "status_kepegawaian",
    "pangkat",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "unit_kerja",
    "nip_atasan",
    "email",
]
INSTANSI = "Pemerintah Provinsi Nusa Uji"
SETDA = f"{INSTANSI} > Sekretariat Daerah"
BAGIAN = f"{SETDA} > Asisten Administrasi Umum > Bagian Organisasi"
TIM = f"{BAGIAN} > Subbagian Kelembagaan > Tim Analisis Jabatan"  # depth 5 below the instansi's root
# Line numbers in the files below: the header is line 1, good_rows()[i] is line i + 2.
STAFF, KABAG, SEKDA = 0, 1, 2


def nip(n: int, *, pppk: bool = False) -> str:
    """A valid NIP. Gender 2, so it never equals a UserFactory NIP (gender 1) made in the same test."""
    return make_nip(n, pppk=pppk, gender=2)


def csv_text(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def make_row(n: int, **values: str) -> dict[str, str]:
    row = {
        "nip": nip(n),
        "nama": f"PEGAWAI NOMOR {n}",
        "gelar_depan": "",
        "gelar_belakang": "",
        "status_kepegawaian": "PNS",
        "pangkat": "Penata Muda",
        "golongan": "III/a",
        "jabatan": "Analis Kebijakan Ahli Pertama",
        "jenis_jabatan": "Fungsional",
        "unit_kerja": SETDA,
        "nip_atasan": "",
        "email": f"pegawai{n}@example.go.id",
    }
    row.update(values)
    return row


def good_rows() -> list[dict[str, str]]:
    """Three pegawai of a new instansi; the staff comes first, before the atasan they report to."""
    return [
        make_row(
            1,
            nip=nip(1, pppk=True),
            nama="ABEDNEGO BATARA SAALINO",
            gelar_belakang="S.Kom.",
            status_kepegawaian="PPPK",
            pangkat="",
            golongan="IX",
            jabatan="Pranata Komputer Ahli Pertama",
            jenis_jabatan="Fungsional",
            unit_kerja=TIM,
            nip_atasan=nip(2),
            email="abednego@example.go.id",
        ),
        make_row(
            2,
            nama="SITI RAHAYU",
            gelar_depan="Dr.",
            gelar_belakang="M.Si.",
            pangkat="Pembina",
            golongan="IV/a",
            jabatan="Kepala Bagian Organisasi",
            jenis_jabatan="Administrator",
            unit_kerja=BAGIAN,
            nip_atasan=nip(3),
            email="siti@example.go.id",
        ),
        make_row(
            3,
            nama="HENDRA WIJAYA",
            pangkat="Pembina Utama Madya",
            golongan="IV/d",
            jabatan="Sekretaris Daerah",
            jenis_jabatan="JPT Madya",
            unit_kerja=SETDA,
            email="sekda@example.go.id",
        ),
    ]


def snapshot() -> tuple[int, int, int, int]:
    return (User.objects.count(), UnitKerja.objects.count(), Instansi.objects.count(), UserEvent.objects.count())


def rejected(text: str, **kwargs) -> list[RowError]:
    """The errors of a refused import, after checking that nothing at all was written."""
    before = snapshot()
    with pytest.raises(ImportRejected) as caught:
        import_pegawai(text=text, **kwargs)
    assert snapshot() == before
    errors = caught.value.errors
    assert errors
    for error in errors:
        # The NIP is personal data: error texts end up on screens and in logs.
        assert not re.search(r"\d{18}", error.message), error.message
    return errors


def only_error(errors: list[RowError]) -> RowError:
    assert len(errors) == 1, errors
    return errors[0]


def rejected_among_good_rows(bad: dict[str, str], *, at: int = 1, **kwargs) -> RowError:
    """Put `bad` at position `at` among the good rows (line `at` + 2) and return the file's one error."""
    rows = good_rows()
    rows.insert(at, bad)
    error = only_error(rejected(csv_text(rows), **kwargs))
    assert error.line == at + 2
    return error


def by_nip(n: int, *, pppk: bool = False) -> User:
    return User.objects.get(nip=nip(n, pppk=pppk))


# --- Happy path ---------------------------------------------------------------------------------------


def test_import_creates_instansi_units_pegawai_and_atasan_links(db):
    report = import_pegawai(text=csv_text(good_rows()))

    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.instansi_created == [INSTANSI]
    instansi = Instansi.objects.get(nama=INSTANSI)

    staff, kabag, sekda = by_nip(1, pppk=True), by_nip(2), by_nip(3)
    assert staff.atasan == kabag  # the atasan's row comes later in the file
    assert kabag.atasan == sekda
    assert sekda.atasan is None
    assert {staff.instansi, kabag.instansi, sekda.instansi} == {instansi}
    assert staff.unit_kerja.path == TIM
    assert kabag.unit_kerja.path == BAGIAN
    assert sekda.unit_kerja.path == SETDA


def test_import_stores_every_column_of_the_pegawai(db):
    import_pegawai(text=csv_text(good_rows()))

    staff = by_nip(1, pppk=True)
    assert staff.nama == "ABEDNEGO BATARA SAALINO"
    assert staff.gelar_depan == ""
    assert staff.gelar_belakang == "S.Kom."
    assert staff.status_kepegawaian == "PPPK"
    assert staff.pangkat == ""
    assert staff.golongan == "IX"
    assert staff.jabatan == "Pranata Komputer Ahli Pertama"
    assert staff.jenis_jabatan == "Fungsional"
    assert staff.email == "abednego@example.go.id"
    assert staff.is_active is True
    assert staff.is_staff is False
    assert staff.is_superuser is False

    kabag = by_nip(2)
    assert kabag.nama_lengkap == "Dr. SITI RAHAYU, M.Si."
    assert kabag.status_kepegawaian == "PNS"
    assert kabag.pangkat_golongan == "Pembina, IV/a"
    assert kabag.jabatan == "Kepala Bagian Organisasi"
    assert kabag.jenis_jabatan == "Administrator"
    assert kabag.email == "siti@example.go.id"


def test_import_creates_every_unit_on_a_five_level_path_with_parent_and_depth(db):
    report = import_pegawai(text=csv_text(good_rows()))

    instansi = Instansi.objects.get(nama=INSTANSI)
    units = {u.path: u for u in UnitKerja.objects.filter(instansi=instansi)}
    segments = TIM.split(UNIT_SEPARATOR)
    assert len(segments) == 6
    assert set(units) == {UNIT_SEPARATOR.join(segments[: i + 1]) for i in range(6)}
    for depth, nama in enumerate(segments):
        unit = units[UNIT_SEPARATOR.join(segments[: depth + 1])]
        assert unit.nama == nama
        assert unit.depth == depth
        expected_parent = units[UNIT_SEPARATOR.join(segments[:depth])] if depth else None
        assert unit.parent == expected_parent
    # The root comes with the new instansi; the five units below it are the import's.
    assert report.units_created == 5


def test_import_reuses_existing_units_and_links_to_a_stored_atasan(atasan, unit):
    rows = [
        make_row(
            1,
            unit_kerja=f"{unit.path} > Seksi Data > Subseksi Arsip",
            nip_atasan=atasan.nip,
        )
    ]

    report = import_pegawai(text=csv_text(rows))

    assert (report.created, report.instansi_created, report.units_created) == (1, [], 2)
    pegawai = by_nip(1)
    assert pegawai.atasan == atasan
    assert pegawai.instansi == unit.instansi
    assert pegawai.unit_kerja.parent.parent == unit
    assert UnitKerja.objects.filter(instansi=unit.instansi, path=unit.path).count() == 1


def test_import_normalises_spacing_around_the_unit_separator(unit):
    rows = [make_row(1, unit_kerja=f"{unit.instansi.nama}>Bidang Mutasi  >   Seksi Data")]

    report = import_pegawai(text=csv_text(rows))

    assert report.units_created == 1
    assert by_nip(1).unit_kerja.path == f"{unit.path} > Seksi Data"


def test_import_accepts_any_column_order_and_header_case(db):
    columns = list(reversed(COLUMNS))
    text = csv_text(good_rows(), columns)
    text = text.replace("nip_atasan", " NIP_Atasan ", 1).replace("nama", "Nama", 1)

    report = import_pegawai(text=text)

    assert report.created == 3
    assert by_nip(1, pppk=True).atasan == by_nip(2)


def test_import_normalises_the_case_of_status_and_jenis_jabatan(db):
    rows = good_rows()
    rows[KABAG].update(status_kepegawaian="pns", jenis_jabatan="ADMINISTRATOR")

    import_pegawai(text=csv_text(rows))
    second = import_pegawai(text=csv_text(rows))

    kabag = by_nip(2)
    assert (kabag.status_kepegawaian, kabag.jenis_jabatan) == ("PNS", "Administrator")
    assert (second.updated, second.unchanged) == (0, 3)


def test_import_skips_blank_lines_and_keeps_counting_lines(db):
    rows = good_rows()
    text = csv_text(rows[:1]) + "\n\n" + csv_text(rows[1:]).split("\n", 1)[1]
    bad = make_row(9, jenis_jabatan="Staf Ahli")
    text += csv_text([bad]).split("\n", 1)[1]

    error = only_error(rejected(text))

    # header, staff, two blank lines, kabag, sekda, bad row
    assert error.line == 7


def test_imported_accounts_have_no_usable_password(db):
    import_pegawai(text=csv_text(good_rows()))

    assert User.objects.count() == 3
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_initial_password_gives_created_accounts_that_password(db):
    import_pegawai(text=csv_text(good_rows()), initial_password="sandi-awal-789")

    for user in User.objects.all():
        assert user.check_password("sandi-awal-789")


def test_initial_password_never_replaces_a_password_already_set(pegawai):
    rows = [make_row(1, nip=pegawai.nip, unit_kerja=pegawai.unit_kerja.path, nip_atasan=pegawai.atasan.nip)]

    import_pegawai(text=csv_text(rows), initial_password="sandi-awal-789")

    pegawai.refresh_from_db()
    assert pegawai.check_password(TEST_PASSWORD)
    assert not pegawai.check_password("sandi-awal-789")


def test_initial_password_is_given_to_stored_accounts_still_without_one(db):
    import_pegawai(text=csv_text(good_rows()))

    report = import_pegawai(text=csv_text(good_rows()), initial_password="sandi-awal-789")

    assert report.updated == 3
    assert all(user.check_password("sandi-awal-789") for user in User.objects.all())


# --- Idempotency -------------------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db):
    text = csv_text(good_rows())
    import_pegawai(text=text)
    before = snapshot()
    stored = list(User.objects.order_by("nip").values())

    report = import_pegawai(text=text)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert (report.instansi_created, report.units_created) == ([], 0)
    assert snapshot() == before
    assert list(User.objects.order_by("nip").values()) == stored


def test_reimport_with_a_changed_row_updates_only_that_pegawai(db):
    import_pegawai(text=csv_text(good_rows()))
    rows = good_rows()
    rows[KABAG]["jabatan"] = "Kepala Biro Organisasi"
    users_before = User.objects.count()

    report = import_pegawai(text=csv_text(rows))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert by_nip(2).jabatan == "Kepala Biro Organisasi"
    assert User.objects.count() == users_before


def test_reimport_moves_a_pegawai_to_a_new_unit(db):
    import_pegawai(text=csv_text(good_rows()))
    rows = good_rows()
    rows[STAFF]["unit_kerja"] = f"{BAGIAN} > Subbagian Tata Laksana"

    report = import_pegawai(text=csv_text(rows))

    assert (report.updated, report.units_created) == (1, 1)
    assert by_nip(1, pppk=True).unit_kerja.path == f"{BAGIAN} > Subbagian Tata Laksana"


def test_optional_column_absent_from_header_leaves_stored_value_alone(db):
    import_pegawai(text=csv_text(good_rows()))
    columns = [c for c in COLUMNS if c not in ("email", "gelar_depan", "golongan")]

    report = import_pegawai(text=csv_text(good_rows(), columns))

    assert (report.updated, report.unchanged) == (0, 3)
    kabag = by_nip(2)
    assert (kabag.email, kabag.gelar_depan, kabag.golongan) == ("siti@example.go.id", "Dr.", "IV/a")


def test_optional_column_present_but_empty_clears_stored_value(db):
    import_pegawai(text=csv_text(good_rows()))
    rows = good_rows()
    rows[KABAG].update(email="", gelar_depan="")

    report = import_pegawai(text=csv_text(rows))

    assert (report.updated, report.unchanged) == (1, 2)
    kabag = by_nip(2)
    assert (kabag.email, kabag.gelar_depan) == ("", "")


def test_absent_nip_atasan_column_keeps_stored_atasan(db):
    import_pegawai(text=csv_text(good_rows()))
    columns = [c for c in COLUMNS if c != "nip_atasan"]

    report = import_pegawai(text=csv_text(good_rows(), columns))

    assert report.unchanged == 3
    assert by_nip(1, pppk=True).atasan == by_nip(2)
    assert by_nip(2).atasan == by_nip(3)


def test_empty_nip_atasan_removes_the_atasan(db):
    import_pegawai(text=csv_text(good_rows()))
    rows = good_rows()
    rows[KABAG]["nip_atasan"] = ""

    report = import_pegawai(text=csv_text(rows))

    assert report.updated == 1
    assert by_nip(2).atasan is None


def test_changing_nip_atasan_relinks_the_pegawai(db):
    import_pegawai(text=csv_text(good_rows()))
    rows = good_rows()
    rows[STAFF]["nip_atasan"] = nip(3)

    report = import_pegawai(text=csv_text(rows))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert by_nip(1, pppk=True).atasan == by_nip(3)


def test_reimport_can_swap_who_reports_to_whom(db):
    import_pegawai(text=csv_text(good_rows()))
    rows = good_rows()
    # Before: kabag reports to sekda. After: sekda reports to kabag, who is now the top.
    rows[KABAG]["nip_atasan"] = ""
    rows[SEKDA]["nip_atasan"] = nip(2)

    report = import_pegawai(text=csv_text(rows))

    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert by_nip(2).atasan is None
    assert by_nip(3).atasan == by_nip(2)


def test_reimport_links_a_stored_pegawai_to_an_atasan_created_by_the_same_file(db):
    import_pegawai(text=csv_text(good_rows()))
    rows = good_rows()
    rows.append(make_row(4, nama="KEPALA DAERAH", jenis_jabatan="JPT Utama", unit_kerja=INSTANSI))
    rows[SEKDA]["nip_atasan"] = nip(4)

    report = import_pegawai(text=csv_text(rows))

    assert (report.created, report.updated, report.unchanged) == (1, 1, 2)
    assert by_nip(3).atasan == by_nip(4)


def test_reimport_updates_a_pegawai_made_outside_the_import(pegawai):
    rows = [
        make_row(
            1,
            nip=pegawai.nip,
            nama=pegawai.nama,
            jabatan="Analis SDM Aparatur Ahli Muda",
            unit_kerja=pegawai.unit_kerja.path,
            nip_atasan=pegawai.atasan.nip,
        )
    ]
    users_before = User.objects.count()

    report = import_pegawai(text=csv_text(rows))

    assert (report.created, report.updated) == (0, 1)
    pegawai.refresh_from_db()
    assert pegawai.jabatan == "Analis SDM Aparatur Ahli Muda"
    assert User.objects.count() == users_before


# --- Rejections: each reason, with its line, and nothing written ---------------------------------------


def test_rejects_row_whose_nip_is_not_18_digits(db):
    error = rejected_among_good_rows(make_row(9, nip="19860711201503100"))

    assert "18 angka" in error.message


def test_rejects_row_whose_nip_has_an_impossible_birth_date(db):
    error = rejected_among_good_rows(make_row(9, nip="198602302015031003"))

    assert "tanggal lahir" in error.message


def test_rejects_row_whose_nip_atasan_is_malformed(db):
    error = rejected_among_good_rows(make_row(9, nip_atasan="12345"))

    assert error.message.startswith("nip_atasan")
    assert "18 angka" in error.message


def test_rejects_row_with_unknown_jenis_jabatan(db):
    error = rejected_among_good_rows(make_row(9, jenis_jabatan="Staf Ahli"))

    assert "jenis_jabatan" in error.message
    assert "Staf Ahli" in error.message


def test_rejects_row_with_bad_status_kepegawaian(db):
    error = rejected_among_good_rows(make_row(9, status_kepegawaian="Honorer"))

    assert "status_kepegawaian" in error.message


def test_rejects_pppk_row_whose_nip_is_a_pns_nip(db):
    error = rejected_among_good_rows(make_row(9, status_kepegawaian="PPPK", golongan="IX"))

    assert "PPPK" in error.message
    assert "21" in error.message


def test_rejects_pns_row_whose_nip_is_a_pppk_nip(db):
    error = rejected_among_good_rows(make_row(9, nip=nip(9, pppk=True), status_kepegawaian="PNS"))

    assert "PPPK" in error.message
    assert "PNS" in error.message


@pytest.mark.parametrize(
    ("status", "golongan"),
    [("PNS", "III/f"), ("PNS", "IIIb"), ("PNS", "IX"), ("PPPK", "III/b"), ("PPPK", "XVIII")],
)
def test_rejects_row_with_golongan_not_valid_for_its_status(db, status, golongan):
    error = rejected_among_good_rows(
        make_row(9, nip=nip(9, pppk=status == "PPPK"), status_kepegawaian=status, golongan=golongan)
    )

    assert "golongan" in error.message
    assert status in error.message


def test_rejects_row_with_bad_email(db):
    error = rejected_among_good_rows(make_row(9, email="siti(at)example.go.id"))

    assert "email" in error.message


@pytest.mark.parametrize("column", ["nip", "nama", "status_kepegawaian", "jabatan", "jenis_jabatan", "unit_kerja"])
def test_rejects_row_with_an_empty_required_column(db, column):
    error = rejected_among_good_rows(make_row(9, **{column: "  "}))

    assert f"kolom {column} wajib diisi" in error.message


def test_rejects_row_whose_unit_kerja_has_an_empty_segment(db):
    error = rejected_among_good_rows(make_row(9, unit_kerja=f"{INSTANSI} >  > Bidang"))

    assert "unit_kerja" in error.message


def test_rejects_row_with_more_fields_than_the_header(db):
    rows = good_rows()
    text = csv_text(rows) + csv_text([make_row(9)]).split("\n", 1)[1].rstrip("\n") + ",lebih\n"

    error = only_error(rejected(text))

    assert error.line == 5
    assert "kolom" in error.message


def test_rejects_file_missing_a_required_column_in_header(db):
    columns = [c for c in COLUMNS if c != "jenis_jabatan"]

    error = only_error(rejected(csv_text(good_rows(), columns)))

    assert error.line == 1
    assert "kolom wajib tidak ada" in error.message
    assert "jenis_jabatan" in error.message


def test_rejects_file_with_an_unknown_column_in_header(db):
    text = csv_text(good_rows()).replace("email", "tanggal_lahir", 1)

    error = only_error(rejected(text))

    assert error.line == 1
    assert "kolom tidak dikenal" in error.message
    assert "tanggal_lahir" in error.message


def test_rejects_file_with_a_column_written_twice(db):
    text = csv_text(good_rows()).replace("gelar_depan", "nama", 1)

    error = only_error(rejected(text))

    assert error.line == 1
    assert "dua kali" in error.message


def test_rejects_row_whose_atasan_is_neither_in_the_file_nor_in_the_database(db):
    error = rejected_among_good_rows(make_row(9, nip_atasan=nip(99)))

    assert "tidak ditemukan" in error.message


def test_rejects_row_whose_atasan_is_in_another_instansi(admin_lain):
    error = rejected_among_good_rows(make_row(9, nip_atasan=admin_lain.nip))

    assert "instansi lain" in error.message


def test_rejects_row_whose_atasan_in_the_file_is_in_another_instansi(db):
    rows = good_rows()
    rows.append(make_row(9, unit_kerja="Pemerintah Kota Seberang > Dinas Pendidikan"))
    rows[KABAG]["nip_atasan"] = nip(9)

    error = only_error(rejected(csv_text(rows)))

    assert error.line == KABAG + 2
    assert "instansi lain" in error.message
    assert "baris 5" in error.message


def test_rejects_row_whose_atasan_in_the_database_is_in_another_instansi_named_in_the_file(atasan):
    rows = good_rows()
    rows.append(make_row(9, unit_kerja=atasan.unit_kerja.path))  # the file touches both instansi
    rows[KABAG]["nip_atasan"] = atasan.nip

    error = only_error(rejected(csv_text(rows)))

    assert error.line == KABAG + 2
    assert "instansi lain" in error.message


def test_rejects_row_whose_atasan_is_the_pegawai_itself(db):
    error = rejected_among_good_rows(make_row(9, nip_atasan=nip(9)))

    assert "itu sendiri" in error.message


def test_rejects_reporting_cycle_within_the_file_on_every_line_of_it(db):
    rows = good_rows()
    rows.append(make_row(8, nip_atasan=nip(9)))  # line 5
    rows.append(make_row(9, nip_atasan=nip(8)))  # line 6

    errors = rejected(csv_text(rows))

    assert [e.line for e in errors] == [5, 6]
    for error in errors:
        assert "berputar" in error.message
        assert "baris 5" in error.message
        assert "baris 6" in error.message


def test_rejects_longer_reporting_cycle_within_the_file(db):
    rows = good_rows()
    rows[SEKDA]["nip_atasan"] = nip(1, pppk=True)  # staff → kabag → sekda → staff

    errors = rejected(csv_text(rows))

    assert [e.line for e in errors] == [2, 3, 4]
    assert all("berputar" in e.message for e in errors)


def test_rejects_row_that_closes_a_cycle_with_a_pegawai_already_in_the_database(pegawai, atasan):
    # Stored: pegawai reports to atasan. The file makes atasan report to pegawai.
    rows = [make_row(9), make_row(1, nip=atasan.nip, unit_kerja=atasan.unit_kerja.path, nip_atasan=pegawai.nip)]

    error = only_error(rejected(csv_text(rows)))

    assert error.line == 3
    assert "berputar" in error.message
    assert pegawai.nama in error.message
    atasan.refresh_from_db()
    assert atasan.atasan is None


def test_rejects_duplicate_nip_on_the_second_line_naming_the_first(db):
    rows = good_rows()
    rows.append(make_row(2, nama="SITI RAHAYU (GANDA)"))  # line 5, same NIP as line 3

    error = only_error(rejected(csv_text(rows)))

    assert error.line == 5
    assert "baris 3" in error.message
    assert "ganda" in error.message.lower()


def test_decode_upload_rejects_non_utf8_bytes_naming_the_line_of_the_bad_byte(db):
    data = csv_text(good_rows()).encode("utf-8").replace(b"SITI", b"S\xcdTI")  # Latin-1 Í on line 3

    with pytest.raises(ImportRejected) as caught:
        decode_upload(data)

    error = only_error(caught.value.errors)
    assert error.line == 3
    assert "UTF-8" in error.message
    assert str(error).startswith("Baris 3: ")


def test_decode_upload_accepts_utf8_with_byte_order_mark(db):
    text = csv_text(good_rows()).replace("SITI", "SITÍ")

    decoded = decode_upload(b"\xef\xbb\xbf" + text.encode("utf-8"))

    assert decoded == text
    assert import_pegawai(text=decoded).created == 3
    assert by_nip(2).nama == "SITÍ RAHAYU"


def test_rejects_file_with_only_a_header(db):
    error = only_error(rejected(csv_text([])))

    assert "tidak berisi" in error.message


def test_rejects_empty_file(db):
    errors = rejected("")

    assert errors[0].line == 1


def test_rejects_row_of_another_instansi_in_an_admin_instansi_import(instansi, unit):
    rows = [
        make_row(1, unit_kerja=unit.path),
        make_row(2, unit_kerja=f"{INSTANSI} > Dinas Kesehatan"),
        make_row(3, unit_kerja=unit.path, nip_atasan=nip(1)),
    ]

    error = only_error(rejected(csv_text(rows), only_instansi=instansi))

    assert error.line == 3
    assert instansi.nama in error.message


def test_rejects_nip_registered_in_another_instansi_in_an_admin_instansi_import(instansi, unit, admin_lain):
    rows = [
        make_row(1, unit_kerja=unit.path),
        make_row(2, nip=admin_lain.nip, unit_kerja=unit.path),
    ]

    error = only_error(rejected(csv_text(rows), only_instansi=instansi))

    assert error.line == 3
    assert error.message == "NIP ini tidak dapat diimpor di sini."  # not where it is registered
    admin_lain.refresh_from_db()
    assert admin_lain.instansi != instansi


def test_admin_instansi_import_of_own_instansi_succeeds(instansi, unit, atasan):
    rows = [make_row(1, unit_kerja=unit.path, nip_atasan=atasan.nip)]

    report = import_pegawai(text=csv_text(rows), only_instansi=instansi)

    assert report.created == 1
    assert by_nip(1).instansi == instansi


def test_rejection_rolls_back_updates_of_stored_pegawai_too(pegawai):
    rows = [
        make_row(1, nip=pegawai.nip, jabatan="Jabatan Baru", unit_kerja=pegawai.unit_kerja.path),
        make_row(2, nip_atasan=nip(99)),
    ]

    error = only_error(rejected(csv_text(rows)))

    assert error.line == 3
    pegawai.refresh_from_db()
    assert pegawai.jabatan == "Analis Kebijakan Ahli Pertama"
    assert pegawai.atasan is not None


def test_rejects_moving_an_atasan_to_another_instansi_while_their_bawahan_stay_behind(pegawai, atasan):
    # Stored: pegawai reports to atasan, both in Sukamaju. The file moves only the atasan elsewhere.
    rows = [make_row(1, nip=atasan.nip, unit_kerja=f"{INSTANSI} > Dinas Kesehatan")]

    error = only_error(rejected(csv_text(rows)))

    assert error.line == 2
    assert "instansi" in error.message
    pegawai.refresh_from_db()
    assert pegawai.atasan.instansi == pegawai.instansi


def test_rejects_moving_a_pegawai_to_another_instansi_while_keeping_the_stored_atasan(pegawai, atasan):
    columns = [c for c in COLUMNS if c != "nip_atasan"]  # absent: "keep the stored atasan"
    rows = [make_row(1, nip=pegawai.nip, unit_kerja=f"{INSTANSI} > Dinas Kesehatan")]

    error = only_error(rejected(csv_text(rows, columns)))

    assert error.line == 2
    assert "instansi" in error.message
    pegawai.refresh_from_db()
    assert pegawai.instansi == atasan.instansi


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("nama", "A" * 201),
        ("gelar_depan", "Prof. Dr. " * 6),
        ("pangkat", "P" * 101),
        ("jabatan", "J" * 256),
        ("unit_kerja", f"{SETDA} > {'U' * 201}"),
    ],
    ids=["nama", "gelar_depan", "pangkat", "jabatan", "unit_kerja"],
)
def test_rejects_row_with_a_value_longer_than_its_column_allows(db, column, value):
    error = rejected_among_good_rows(make_row(9, **{column: value}))

    assert column in error.message


def test_rejects_row_containing_a_nul_character(db):
    error = rejected_among_good_rows(make_row(9, nama="ANI\x00 PUTRI"))

    assert "nama" in error.message


def test_rejects_row_with_a_field_too_large_for_the_csv_reader(db):
    error = rejected_among_good_rows(make_row(9, jabatan="J" * 200_000))

    assert "jabatan" in error.message


def test_imports_a_file_whose_lines_end_with_a_bare_carriage_return(db):
    text = csv_text(good_rows()).replace("\n", "\r")  # "CSV (Macintosh)" from older Excel

    report = import_pegawai(text=text)

    assert report.created == 3
    assert by_nip(1, pppk=True).atasan == by_nip(2)


# --- Several problems at once ----------------------------------------------------------------------------


def test_reports_every_problem_of_a_file_sorted_by_line(db):
    staff, kabag, sekda = good_rows()
    staff["nip_atasan"] = nip(14)  # line 3: found only once every row is read, yet listed in line order
    rows = [
        make_row(13, status_kepegawaian="CPNS"),  # line 2
        staff,
        make_row(10, jenis_jabatan="Staf Ahli"),  # line 4
        kabag,  # line 5
        sekda,
        make_row(11, email="bukan-email", golongan="III/z"),  # line 7: two problems
        make_row(12, nip="123"),  # line 8
        make_row(2, nama="GANDA"),  # line 9: the NIP of line 5
        make_row(14, unit_kerja="Pemerintah Kota Seberang > Dinas Pendidikan"),  # line 10
    ]

    errors = rejected(csv_text(rows))

    assert [e.line for e in errors] == [2, 3, 4, 7, 7, 8, 9]
    messages = [e.message for e in errors]
    assert "status_kepegawaian" in messages[0]
    assert "instansi lain" in messages[1]
    assert "jenis_jabatan" in messages[2]
    assert {"golongan", "email"} == {m.split()[0] for m in messages[3:5]}
    assert "18 angka" in messages[5]
    assert "baris 5" in messages[6]


def test_reports_header_problems_together(db):
    columns = [c for c in COLUMNS if c not in ("nama", "jabatan")] + ["npwp"]

    errors = rejected(csv_text(good_rows(), columns))

    assert [e.line for e in errors] == [1, 1]
    assert "nama, jabatan" in errors[0].message
    assert "npwp" in errors[1].message


def test_reports_bad_rows_and_unknown_atasan_of_other_rows_in_one_pass(db):
    rows = good_rows()
    rows.append(make_row(9, nip_atasan=nip(99)))  # line 5: atasan nowhere
    rows.append(make_row(10, jenis_jabatan="Staf Ahli"))  # line 6: a bad row on its own

    errors = rejected(csv_text(rows))

    assert [e.line for e in errors] == [5, 6]
    assert "tidak ditemukan" in errors[0].message
    assert "jenis_jabatan" in errors[1].message


# --- Audit trail -------------------------------------------------------------------------------------------


def test_import_records_one_insert_event_per_created_pegawai(db):
    import_pegawai(text=csv_text(good_rows()))

    for user in User.objects.all():
        events = UserEvent.objects.filter(pgh_obj=user)
        assert [e.pgh_label for e in events] == ["insert"]
        assert events[0].nip == user.nip
        assert events[0].pgh_context.metadata["source"] == "import_pegawai"
    assert UserEvent.objects.count() == 3


def test_reimport_of_the_same_file_records_no_events(db):
    text = csv_text(good_rows())
    import_pegawai(text=text)
    events_before = UserEvent.objects.count()

    import_pegawai(text=text)

    assert UserEvent.objects.count() == events_before


def test_reimport_with_a_change_records_one_update_event(db):
    import_pegawai(text=csv_text(good_rows()))
    rows = good_rows()
    rows[STAFF]["nip_atasan"] = nip(3)

    import_pegawai(text=csv_text(rows))

    staff = by_nip(1, pppk=True)
    update = UserEvent.objects.get(pgh_label="update")
    assert update.pgh_obj == staff
    assert update.atasan == by_nip(3)


# --- The command line -----------------------------------------------------------------------------------------


def write_csv(tmp_path, rows, name="pegawai.csv"):
    path = tmp_path / name
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def test_command_imports_the_file_and_prints_the_counts(db, tmp_path):
    path = write_csv(tmp_path, good_rows())
    out = io.StringIO()

    call_command("import_pegawai", str(path), stdout=out)

    assert f"Instansi baru: {INSTANSI}" in out.getvalue()
    assert "Dibuat: 3, diperbarui: 0, tidak berubah: 0, unit kerja baru: 5." in out.getvalue()
    assert User.objects.count() == 3
    assert not any(u.has_usable_password() for u in User.objects.all())

    out = io.StringIO()
    call_command("import_pegawai", str(path), stdout=out)

    assert "Dibuat: 0, diperbarui: 0, tidak berubah: 3, unit kerja baru: 0." in out.getvalue()
    assert "Instansi baru" not in out.getvalue()


def test_command_rejects_a_bad_file_listing_every_line_on_stderr(db, tmp_path):
    rows = good_rows()
    rows.insert(1, make_row(9, jenis_jabatan="Staf Ahli"))  # line 3
    rows.append(make_row(10, email="bukan-email"))  # line 6
    path = write_csv(tmp_path, rows)
    out, err = io.StringIO(), io.StringIO()
    before = snapshot()

    with pytest.raises(CommandError) as caught:
        call_command("import_pegawai", str(path), stdout=out, stderr=err)

    assert "2 masalah" in str(caught.value)
    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Baris 3: jenis_jabatan")
    assert lines[1].startswith("Baris 6: email")
    assert "Dibuat" not in out.getvalue()
    assert snapshot() == before


def test_command_rejects_a_non_utf8_file_naming_the_line(db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(csv_text(good_rows()).replace("HENDRA", "HÉNDRA").encode("latin-1"))
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_pegawai", str(path), stderr=err)

    assert err.getvalue().startswith("Baris 4: ")
    assert User.objects.count() == 0


def test_command_reports_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("import_pegawai", str(tmp_path / "tidak-ada.csv"))

    assert "tidak bisa dibaca" in str(caught.value)


def test_command_sets_the_initial_password_from_the_environment(db, tmp_path, monkeypatch):
    monkeypatch.setenv("EKINERJA_SANDI_AWAL", "sandi-demo-456")
    path = write_csv(tmp_path, good_rows())

    call_command("import_pegawai", str(path), "--password-from-env", "EKINERJA_SANDI_AWAL", stdout=io.StringIO())

    assert User.objects.count() == 3
    assert all(u.check_password("sandi-demo-456") for u in User.objects.all())


def test_command_refuses_password_from_an_unset_variable(db, tmp_path, monkeypatch):
    monkeypatch.delenv("EKINERJA_SANDI_AWAL", raising=False)
    path = write_csv(tmp_path, good_rows())

    with pytest.raises(CommandError) as caught:
        call_command("import_pegawai", str(path), "--password-from-env", "EKINERJA_SANDI_AWAL")

    assert "EKINERJA_SANDI_AWAL" in str(caught.value)
    assert User.objects.count() == 0


def test_command_refuses_password_from_an_empty_variable(db, tmp_path, monkeypatch):
    monkeypatch.setenv("EKINERJA_SANDI_AWAL", "")
    path = write_csv(tmp_path, good_rows())

    with pytest.raises(CommandError):
        call_command("import_pegawai", str(path), "--password-from-env", "EKINERJA_SANDI_AWAL")

    assert User.objects.count() == 0


# --- A realistic size -----------------------------------------------------------------------------------------


def organisation_rows(size: int, *, instansi: str = INSTANSI, first: int = 1) -> tuple[list[dict[str, str]], int]:
    """`size` pegawai of one instansi: a unit tree 5 levels deep, a head per unit, staff under the lowest heads.

    Rows are shuffled, so many atasan come later in the file than their bawahan. Returns (rows, unit count).
    """
    fanout = [5, 4, 3, 2, 2]  # dinas, bidang, seksi, subseksi, tim
    jenis = ["JPT Madya", "JPT Pratama", "Administrator", "Pengawas", "Pengawas", "Pengawas"]
    rows: list[dict[str, str]] = []
    counter = iter(range(first, first + size))

    def add(path: str, depth: int, atasan_nip: str) -> str:
        n = next(counter)
        rows.append(
            make_row(
                n,
                nama=f"KEPALA {path.rsplit(UNIT_SEPARATOR, 1)[-1].upper()}",
                jabatan=f"Kepala {path.rsplit(UNIT_SEPARATOR, 1)[-1]}",
                jenis_jabatan=jenis[depth],
                unit_kerja=path,
                nip_atasan=atasan_nip,
            )
        )
        return rows[-1]["nip"]

    lowest: list[tuple[str, str]] = []

    def grow(path: str, depth: int, atasan_nip: str) -> None:
        head = add(path, depth, atasan_nip)
        if depth == len(fanout):
            lowest.append((path, head))
            return
        for i in range(fanout[depth]):
            grow(f"{path} > Unit {depth + 1}.{i + 1}", depth + 1, head)

    grow(instansi, 0, "")
    units = len(rows)
    for i, n in enumerate(counter):
        path, head = lowest[i % len(lowest)]
        rows.append(make_row(n, unit_kerja=path, nip_atasan=head, jenis_jabatan="Pelaksana"))
    random.Random(20261121).shuffle(rows)
    return rows, units


def test_imports_two_thousand_pegawai_and_reimport_reports_all_unchanged(db):
    rows, units = organisation_rows(2000)
    text = csv_text(rows)

    started = time.monotonic()
    report = import_pegawai(text=text)
    elapsed = time.monotonic() - started

    assert (report.created, report.updated, report.unchanged) == (2000, 0, 0)
    assert report.units_created == units - 1  # the root comes with the instansi
    assert User.objects.count() == 2000
    assert UnitKerja.objects.count() == units
    assert UnitKerja.objects.order_by("-depth").first().depth == 5
    assert User.objects.filter(atasan__isnull=True).count() == 1
    assert UserEvent.objects.filter(pgh_label="insert").count() == 2000
    # Every link points where the file says, whatever the order of the rows.
    atasan_of = dict(User.objects.values_list("nip", "atasan__nip"))
    assert atasan_of == {row["nip"]: row["nip_atasan"] or None for row in rows}
    assert elapsed < 15

    before = snapshot()
    again = import_pegawai(text=text)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2000)
    assert again.units_created == 0
    assert snapshot() == before


def test_import_query_count_does_not_grow_with_the_number_of_rows(db, django_assert_max_num_queries):
    small, _ = organisation_rows(500, instansi="Pemerintah Kabupaten Kecil")
    large, _ = organisation_rows(1500, instansi="Pemerintah Kabupaten Besar", first=3001)

    with django_assert_max_num_queries(40) as small_queries:
        import_pegawai(text=csv_text(small))
    with django_assert_max_num_queries(40) as large_queries:
        import_pegawai(text=csv_text(large))

    assert User.objects.count() == 2000
    assert len(large_queries) <= len(small_queries) + 2
