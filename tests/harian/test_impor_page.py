"""Impor Progres Harian, the page (docs/rules.md §15.10): the template read back, files of every kind of error named
by row number with nothing saved, .csv as Indonesian and English Excel write it, the preview kept between the two
steps, Simpan semua once, and files that are not what they claim."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from harian import services
from harian.models import ProgresHarian
from harian.services import KOLOM, kode_of
from harian.services.impor import BARIS_MAX
from tests.harian.conftest import isian
from tests.harian.factories import PengaturanHarianFactory

HEADER = [label for _, label in KOLOM]
URL = reverse("harian:impor")


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def xlsx(rows, header=HEADER, *, sheet="Progres Harian") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(kode, tanggal="10-02-2026", mulai="08:00", selesai="09:00", uraian="Mengagendakan surat", realisasi="3"):
    return [tanggal, mulai, selesai, kode, uraian, realisasi, "", ""]


def upload(client, content: bytes, name="progres.xlsx"):
    return client.post(URL, {"berkas": SimpleUploadedFile(name, content)})


def payload(html: str) -> str:
    return re.search(r'name="data" value="([^"]+)"', html).group(1)


def simpan(client, data: str):
    return client.post(reverse("harian:impor_simpan"), {"data": data})


@pytest.fixture
def kode(scene):
    return kode_of(scene.rencana_aksi)


# --- the template ---------------------------------------------------------------------------------------------


def test_the_template_has_the_columns_an_example_row_and_the_pegawai_s_codes(scene, kode):
    response = as_user(scene.pegawai).get(reverse("harian:impor_templat"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-progres-harian.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Progres Harian", "Kode", "Petunjuk"]
    rows = list(book["Progres Harian"].iter_rows(values_only=True, max_row=2))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == "10-02-2026" and rows[1][3] == kode and rows[1][4].startswith("CONTOH:")
    codes = list(book["Kode"].iter_rows(values_only=True))
    assert codes[1][:4] == (kode, "Rencana aksi", "Mengagendakan surat masuk", "surat")


def test_the_template_filled_in_goes_through(scene, kode):
    client = as_user(scene.pegawai)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("harian:impor_templat")).content))
    sheet = book["Progres Harian"]
    sheet["E2"] = "Mengagendakan surat masuk dari dinas"  # the example row overwritten with a real activity
    sheet.append(["09-02-2026", "13:00", "14:30", kode, "Mendistribusikan disposisi", 5, "", ""])
    out = io.BytesIO()
    book.save(out)
    html = upload(client, out.getvalue()).content.decode()
    assert "Semua 2 baris dapat disimpan" in html
    assert simpan(client, payload(html)).status_code == 302
    assert sorted(ProgresHarian.objects.values_list("uraian", flat=True)) == [
        "Mendistribusikan disposisi",
        "Mengagendakan surat masuk dari dinas",
    ]


# --- a valid file, saved once -----------------------------------------------------------------------------------


def test_a_valid_file_is_previewed_then_saved_all_at_once(scene, kode):
    client = as_user(scene.pegawai)
    content = xlsx([row(kode), row(kode, mulai="09:00", selesai="10:30", realisasi="2,5"), row(kode, "06-02-2026")])
    response = upload(client, content)
    html = response.content.decode()
    assert response.status_code == 200 and "Semua 3 baris dapat disimpan" in html
    assert "Simpan semua (3 baris)" in html
    assert not ProgresHarian.objects.exists()  # a preview saves nothing
    saved = simpan(client, payload(html))
    assert saved.status_code == 302 and saved.url == reverse("harian:minggu")
    assert ProgresHarian.objects.filter(pegawai=scene.pegawai).count() == 3
    assert sorted(str(r) for r in ProgresHarian.objects.values_list("realisasi", flat=True)) == ["2.50", "3.00", "3.00"]


def test_simpan_semua_sent_twice_saves_once(scene, kode):
    client = as_user(scene.pegawai)
    data = payload(upload(client, xlsx([row(kode), row(kode, "09-02-2026")])).content.decode())
    assert simpan(client, data).status_code == 302
    again = simpan(client, data)
    assert again.status_code == 302
    assert "sudah disimpan sebelumnya" in client.get(again.url).content.decode()
    assert ProgresHarian.objects.count() == 2


def test_a_preview_that_became_wrong_is_not_saved_and_says_why(scene, kode):
    client = as_user(scene.pegawai)
    data = payload(upload(client, xlsx([row(kode), row(kode, "09-02-2026")])).content.decode())
    services.progres_create(actor=scene.pegawai, isian=isian(kode, mulai="08:30", selesai="08:45", uraian="Rapat"))
    response = simpan(client, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Baris 2:" in html and "bertumpang tindih" in html
    assert ProgresHarian.objects.count() == 1


def test_a_preview_older_than_an_hour_asks_for_the_file_again(scene, kode, clock):
    client = as_user(scene.pegawai)
    data = payload(upload(client, xlsx([row(kode)])).content.decode())
    clock.shift(datetime.timedelta(hours=1, minutes=1))
    client.force_login(scene.pegawai)  # idle for an hour: logged in again, then Back to the preview
    response = simpan(client, data)
    assert response.status_code == 302 and "lebih dari satu jam" in client.get(response.url).content.decode()
    assert not ProgresHarian.objects.exists()


def test_a_tampered_or_borrowed_preview_is_refused(scene, kode, pegawai_lain):
    client = as_user(scene.pegawai)
    data = payload(upload(client, xlsx([row(kode)])).content.decode())
    assert simpan(client, data[:-3] + "abc").status_code == 400
    assert simpan(client, "").status_code == 400
    assert simpan(as_user(pegawai_lain), data).status_code == 400
    forged = signing.dumps({"u": scene.pegawai.pk, "n": "x", "r": [[2, {"tanggal": "x"}]]}, salt="lain")
    assert simpan(client, forged).status_code == 400
    assert not ProgresHarian.objects.exists()


# --- every kind of error, by row number --------------------------------------------------------------------------


def preview_problems(response) -> list[str]:
    html = response.content.decode()
    assert response.status_code == 200 and "Berkas tidak disimpan" in html and 'name="data"' not in html
    return re.findall(r"<li>(Baris \d+: .*?)</li>", html)


def test_every_row_s_problem_is_named_by_its_row_number_and_nothing_is_saved(scene, kode):
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=datetime.date(2026, 2, 9), uraian="Rapat"))
    rows = [
        row(kode),  # 2: fine
        row(kode, mulai="10:00", selesai="09:00"),  # 3: ends before it starts
        row(kode, tanggal="31-02-2026"),  # 4: no such date
        row(kode, tanggal="2 Februari"),  # 5: not a date
        row(kode, mulai="08:30", selesai="09:30"),  # 6: overlaps row 2 of the same file
        row(kode, tanggal="09-02-2026", mulai="08:30", selesai="08:40"),  # 7: overlaps a stored entry
        row(kode, tanggal="02-02-2026"),  # 8: outside the window
        row(kode, tanggal="07-02-2026"),  # 9: a Saturday
        row("RA-999999"),  # 10: not theirs
        row(kode, tanggal="11-02-2026", realisasi="tiga"),  # 11: the future, and not a number
        row(kode, uraian=""),  # 12: no uraian
        ["10-02-2026", "11:00", "12:00", kode, "Ada bukti", "1", "", "javascript:alert(1)"],  # 13: bad link
    ]
    problems = preview_problems(upload(as_user(scene.pegawai), xlsx(rows)))
    text = "\n".join(problems)
    assert not any(p.startswith("Baris 2:") for p in problems)
    assert "Baris 3: Jam selesai harus sesudah jam mulai" in text
    assert "Baris 4: Tanggal (dd-mm-yyyy): isian “31-02-2026” tidak dapat dibaca." in text
    assert "Baris 5: Tanggal (dd-mm-yyyy): isian “2 Februari” tidak dapat dibaca." in text
    assert re.search(r"Baris 6: Jam 08:30–09:30 pada 10-02-2026 bertumpang tindih .*08:00–09:00", text)
    assert re.search(r"Baris 7: .*bertumpang tindih .*Rapat", text)
    assert "Baris 8: Tanggal 02-02-2026 di luar jendela pengisian" in text
    assert "Baris 9: Tanggal 07-02-2026 bukan hari kerja (Sabtu)." in text
    assert "Baris 10: Pilih rencana aksi atau target bulanan Anda sendiri." in text
    assert "Baris 11: Realisasi: isian “tiga” tidak dapat dibaca." in text
    assert "Baris 12: Isi uraian kegiatan." in text
    assert "Baris 13: Link bukti harus diawali http:// atau https://" in text
    assert ProgresHarian.objects.count() == 1


def test_the_example_row_left_in_is_a_problem_of_its_row(scene, kode):
    rows = [
        row(kode, uraian="CONTOH: Mengagendakan 12 surat masuk (hapus atau timpa baris ini)"),
        row(kode, "09-02-2026"),
    ]
    problems = preview_problems(upload(as_user(scene.pegawai), xlsx(rows)))
    assert problems == ["Baris 2: Ini baris contoh dari templat: hapus atau timpa dengan kegiatan Anda."]


def test_row_numbers_are_the_spreadsheet_s_with_empty_rows_and_a_title_above(scene, kode):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([])  # row 1 empty
    ws.append(HEADER)  # row 2: the header
    ws.append(row(kode))  # row 3
    ws.append([])  # row 4 empty
    ws.append(row(kode, mulai="10:00", selesai="09:00"))  # row 5
    out = io.BytesIO()
    book.save(out)
    problems = preview_problems(upload(as_user(scene.pegawai), out.getvalue()))
    assert problems == ["Baris 5: Jam selesai harus sesudah jam mulai (pada hari yang sama)."]


def test_excel_s_own_dates_times_and_numbers_are_read(scene, kode):
    rows = [
        [
            datetime.datetime(2026, 2, 10),
            datetime.time(8, 0),
            datetime.time(9, 15),
            kode,
            "Dari sel tanggal",
            1.5,
            "",
            "",
        ]
    ]
    client = as_user(scene.pegawai)
    html = upload(client, xlsx(rows)).content.decode()
    assert "Semua 1 baris dapat disimpan" in html
    simpan(client, payload(html))
    entry = ProgresHarian.objects.get()
    assert (str(entry.tanggal), str(entry.jam_selesai), str(entry.realisasi)) == ("2026-02-10", "09:15:00", "1.50")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ([*HEADER[:4], "Keterangan", *HEADER[4:]], "kolom tidak dikenal: “Keterangan”"),
        (HEADER[:3] + HEADER[4:], "kolom wajib tidak ada: “Kode rencana aksi / target bulanan”"),
        ([*HEADER, "Tanggal"], "kolom ganda: “Tanggal (dd-mm-yyyy)”"),
    ],
)
def test_wrong_columns_are_refused_naming_them(scene, kode, header, expected):
    response = upload(as_user(scene.pegawai), xlsx([row(kode)], header=header))
    html = response.content.decode()
    assert response.status_code == 200 and expected in html and "Gunakan baris judul dari templat" in html


def test_short_headers_and_any_order_are_understood(scene, kode):
    header = ["kode", "Uraian kegiatan", "tanggal", "Jam Mulai", "jam_selesai", "REALISASI"]
    content = xlsx([[kode, "Urutan bebas", "10-02-2026", "08:00", "09:00", "2"]], header=header)
    assert "Semua 1 baris dapat disimpan" in upload(as_user(scene.pegawai), content).content.decode()


def test_too_many_rows_are_refused_with_the_limit(scene, kode):
    rows = [row(kode, mulai=f"{7 + n % 10:02d}:00", selesai=f"{7 + n % 10:02d}:30") for n in range(BARIS_MAX + 1)]
    html = upload(as_user(scene.pegawai), xlsx(rows)).content.decode()
    assert "Berkas berisi lebih dari 1.000 baris progres harian" in html
    assert not ProgresHarian.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("progres.xlsx", b"Tanggal;Jam mulai\n10-02-2026;08:00\n", "bukan .xlsx yang dapat dibaca"),
        ("progres.xlsx", b"PK\x03\x04" + b"\x00" * 200, "bukan .xlsx yang dapat dibaca"),
        ("progres.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 200, "Format .xls lama tidak dapat dibaca"),
        ("progres.pdf", b"%PDF-1.7", "Pilih berkas .xlsx atau .csv"),
        ("progres.csv", b"", "Berkas kosong"),
        ("progres.csv", b"\xef\xbb\xbf" + ";".join(HEADER).encode() + b"\n", "tidak berisi baris progres harian"),
        ("progres.csv", b"a\x00b", "bukan .csv teks biasa"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_with_a_clear_message(scene, name, content, expected):
    response = upload(as_user(scene.pegawai), content, name)
    assert response.status_code == 200 and expected in response.content.decode()
    assert not ProgresHarian.objects.exists()


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_read(scene):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"a" * (21 * 1024 * 1024))
    html = upload(as_user(scene.pegawai), out.getvalue()).content.decode()
    assert "Isi berkas .xlsx terlalu besar" in html


def test_a_file_over_the_size_limit_is_refused(scene):
    html = upload(as_user(scene.pegawai), b"x" * (2 * 1024 * 1024 + 1), "progres.csv").content.decode()
    assert "Berkas terlalu besar: paling besar 2 MB." in html


# --- .csv as Excel writes it --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("utf-8", ";", True), ("utf-8", ",", False), ("cp1252", ";", False)],
)
def test_csv_with_bom_semicolons_commas_or_windows_1252_is_read(scene, kode, encoding, delimiter, bom):
    lines = [delimiter.join(HEADER), delimiter.join(row(kode, uraian="Rapat koordinasi — tindak lanjut"))]
    lines.append(delimiter.join(row(kode, "09-02-2026", realisasi='"2,5"' if delimiter == "," else "2,5")))
    content = ("\r\n".join(lines) + "\r\n").encode(encoding)
    client = as_user(scene.pegawai)
    html = upload(client, (b"\xef\xbb\xbf" if bom else b"") + content, "progres.csv").content.decode()
    assert "Semua 2 baris dapat disimpan" in html
    simpan(client, payload(html))
    assert ProgresHarian.objects.filter(uraian="Rapat koordinasi — tindak lanjut").exists()
    assert sorted(str(r) for r in ProgresHarian.objects.values_list("realisasi", flat=True)) == ["2.50", "3.00"]


def test_a_csv_row_error_is_named_by_its_line(scene, kode):
    content = "\n".join([";".join(HEADER), ";".join(row(kode)), ";".join(row(kode, mulai="8", selesai="9"))])
    problems = preview_problems(upload(as_user(scene.pegawai), content.encode(), "progres.csv"))
    assert problems[0].startswith("Baris 3: Jam mulai (hh:mm): isian “8” tidak dapat dibaca.")


# --- who, and when the feature is off ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(db):
    for url in (URL, reverse("harian:impor_templat")):
        response = Client().get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert Client().post(reverse("harian:impor_simpan"), {"data": "x"}).status_code == 302


def test_an_instansi_without_progres_harian_gets_no_upload(clock, pegawai, instansi):
    PengaturanHarianFactory(instansi=instansi, aktif=False)
    client = as_user(pegawai)
    html = client.get(URL).content.decode()
    assert "belum diaktifkan" in html and 'type="file"' not in html
    assert "belum diaktifkan" in upload(client, xlsx([row("RA-1")])).content.decode()
    assert not ProgresHarian.objects.exists()


def test_the_page_offers_the_template_and_an_upload_with_a_label(scene):
    html = as_user(scene.pegawai).get(URL).content.decode()
    assert reverse("harian:impor_templat") in html
    assert '<label for="id_berkas">Berkas progres harian (.xlsx atau .csv)</label>' in html
    assert 'enctype="multipart/form-data"' in html
