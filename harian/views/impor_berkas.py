"""Reading a file of daily entries filled offline (docs/rules.md §15.10): .xlsx with openpyxl in read-only mode, .csv
with the standard library (UTF-8 with or without BOM, else Windows-1252 as Excel's plain "CSV" writes; ";" or ","
as Indonesian or English Excel writes); the header mapped to harian.services.KOLOM, each row numbered as the
spreadsheet shows it, every value as text. What a row means is checked by harian.services.progres_rows_validate.
Also the template the page offers: the columns, an example row, and the pegawai's codes on a second sheet."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
from openpyxl.styles import Font, PatternFill

from harian.services import KOLOM
from harian.services.impor import BARIS_MAX

UKURAN_MAX = 2 * 1024 * 1024  # bytes uploaded: 1.000 rows of .xlsx take ~60 kB
ISI_MAX = 20 * 1024 * 1024  # bytes an .xlsx may unpack to (a zip bomb stops here)
BARIS_KOSONG_MAX = 5000  # empty rows read before giving up on a sheet formatted far down
KOLOM_MAX = 30
WAJIB = ["tanggal", "jam_mulai", "jam_selesai", "sasaran", "uraian", "realisasi"]
CONTOH = "CONTOH:"  # the template's example row starts its Uraian with this
TEKS = {"tanggal", "jam_mulai", "jam_selesai", "sasaran"}  # columns kept as text in the template
LEBAR = {"tanggal": 20, "jam_mulai": 17, "jam_selesai": 18, "sasaran": 20, "uraian": 60, "realisasi": 11}
LEBAR_LAIN = 14
SHEET = "Progres Harian"


class BerkasDitolak(Exception):
    """The file as a whole cannot be read: `str(error)` says why, for the user."""


BUKAN_XLSX = "Berkas ini bukan .xlsx yang dapat dibaca. Simpan ulang dari Excel sebagai .xlsx."


def _norm(text: str) -> str:
    return " ".join(str(text).replace("_", " ").lower().split())


# Every header the reader understands: the template's, the same without its hint in brackets, the code's name.
HEADERS = {}
for _key, _label in KOLOM:
    for _alias in (_label, _label.split("(")[0], _key):
        HEADERS[_norm(_alias)] = _key
HEADERS[_norm("kode")] = "sasaran"


def _columns(header: list) -> list[str | None]:
    """The key of each column of the header row, or refuse the header naming what is wrong."""
    keys, unknown = [], []
    for cell in header:
        name = _norm(cell) if cell is not None else ""
        if not name:
            keys.append(None)
            continue
        key = HEADERS.get(name)
        if key is None:
            unknown.append(str(cell).strip())
        keys.append(key)
    missing = [dict(KOLOM)[k] for k in WAJIB if k not in keys]
    twice = sorted({dict(KOLOM)[k] for k in keys if k and keys.count(k) > 1})
    problems = []
    if unknown:
        problems.append("kolom tidak dikenal: " + ", ".join(f"“{u}”" for u in unknown))
    if missing:
        problems.append("kolom wajib tidak ada: " + ", ".join(f"“{m}”" for m in missing))
    if twice:
        problems.append("kolom ganda: " + ", ".join(f"“{t}”" for t in twice))
    if problems:
        raise BerkasDitolak(
            "Baris judul kolom tidak sesuai templat (" + "; ".join(problems) + "). Gunakan baris judul dari templat."
        )
    return keys


def _text(key: str, value) -> str:
    """A cell as the text the checks read: dates dd-mm-yyyy, times hh:mm, numbers with a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.time() if key in ("jam_mulai", "jam_selesai") else value.date()
    if isinstance(value, datetime.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)).normalize()
        return f"{number:f}".replace(".", ",")
    return str(value).strip()


def _rows(lines) -> list[tuple[int, dict]]:
    """(row number, {key: text}) for every non-empty row under the header, the first non-empty row."""
    keys, rows, empty = None, [], 0
    for number, cells in enumerate(lines, start=1):
        cells = list(cells)[:KOLOM_MAX]
        if all(c is None or str(c).strip() == "" for c in cells):
            empty += 1
            if empty > BARIS_KOSONG_MAX:
                break
            continue
        empty = 0
        if keys is None:
            keys = _columns(cells)
            continue
        values = {k: _text(k, v) for k, v in zip(keys, cells, strict=False) if k}
        rows.append((number, values))
        if len(rows) > BARIS_MAX:
            batas = f"{BARIS_MAX:,}".replace(",", ".")
            raise BerkasDitolak(
                f"Berkas berisi lebih dari {batas} baris progres harian. Bagi menjadi beberapa berkas, misalnya satu "
                "berkas per bulan."
            )
    if keys is None:
        raise BerkasDitolak("Berkas kosong: tidak ada baris judul kolom maupun baris progres harian.")
    if not rows:
        raise BerkasDitolak("Berkas tidak berisi baris progres harian di bawah baris judul kolom.")
    return rows


def _xlsx(upload) -> list[tuple[int, dict]]:
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise BerkasDitolak(BUKAN_XLSX) from None
    if unpacked > ISI_MAX:
        raise BerkasDitolak("Isi berkas .xlsx terlalu besar. Unggah berkas berisi progres harian saja.")
    upload.seek(0)
    try:
        book = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # any failure to parse an uploaded file is the file's fault, told as such
        raise BerkasDitolak(BUKAN_XLSX) from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        return _rows(sheet.iter_rows(values_only=True, max_col=KOLOM_MAX))
    except BerkasDitolak:
        raise
    except Exception:  # a damaged sheet part
        raise BerkasDitolak("Lembar kerja dalam berkas .xlsx ini rusak dan tidak dapat dibaca.") from None
    finally:
        book.close()


def _csv(upload) -> list[tuple[int, dict]]:
    data = upload.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BerkasDitolak("Berkas .csv ini tidak dapat dibaca: simpan sebagai “CSV UTF-8” dari Excel.")
    if "\x00" in text:
        raise BerkasDitolak("Berkas ini bukan .csv teks biasa. Simpan sebagai “CSV UTF-8” dari Excel.")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return _rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise BerkasDitolak("Berkas .csv ini rusak (tanda kutip tidak berpasangan).") from None


def baca_berkas(upload) -> list[tuple[int, dict]]:
    """The rows of an uploaded .xlsx or .csv, or BerkasDitolak saying why the file cannot be read."""
    if upload.size > UKURAN_MAX:
        raise BerkasDitolak(f"Berkas terlalu besar: paling besar {UKURAN_MAX // (1024 * 1024)} MB.")
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx(upload)
    if name.endswith(".csv"):
        return _csv(upload)
    if name.endswith(".xls"):
        raise BerkasDitolak("Format .xls lama tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx.")
    raise BerkasDitolak("Pilih berkas .xlsx atau .csv (gunakan templat yang disediakan).")


# --- the template ---------------------------------------------------------------------------------------------

PETUNJUK = [
    "Isi satu baris per kegiatan pada lembar “Progres Harian”, di bawah baris judul kolom. Jangan mengubah judul "
    "kolom.",
    "Baris contoh (Uraian diawali “CONTOH:”) harus dihapus atau ditimpa dengan kegiatan Anda.",
    "Tanggal ditulis dd-mm-yyyy, mis. 10-02-2026. Jam ditulis hh:mm, mis. 08:00. Realisasi berupa angka, mis. 3 atau "
    "2,5.",
    "Kode rencana aksi / target bulanan diambil dari lembar “Kode” (mis. RA-12 atau TB-7).",
    "Tanggal harus berada dalam jendela pengisian instansi Anda (hari ini dan beberapa hari kerja sebelumnya), dan jam "
    "kegiatan tidak boleh bertumpang tindih dengan kegiatan lain pada hari yang sama.",
    f"Satu berkas paling banyak {BARIS_MAX} baris. Berkas disimpan hanya bila semua baris benar; bila ada yang "
    "salah, setiap masalah disebutkan dengan nomor barisnya dan tidak ada yang disimpan.",
]


def templat(sasaran, *, today: datetime.date) -> bytes:
    """The .xlsx template: the columns with an example row, the codes the pegawai may use on a second sheet, and the
    instructions on a third. Date, time and code columns are text cells, so that Excel does not turn 10-02-2026
    into 2 October by the computer's locale."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(bold=True)
    sheet.append([label for _, label in KOLOM])
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
    kode = sasaran[0].kode if sasaran else "RA-1"
    satuan = sasaran[0].satuan if sasaran and sasaran[0].satuan else "dokumen"
    contoh = {
        "tanggal": f"{today:%d-%m-%Y}",
        "jam_mulai": "08:00",
        "jam_selesai": "09:30",
        "sasaran": kode,
        "uraian": f"{CONTOH} Mengagendakan 12 surat masuk (hapus atau timpa baris ini)",
        "realisasi": 12,
        "satuan": satuan,
        "link_bukti": "https://drive.example.go.id/bukti",
    }
    sheet.append([contoh[key] for key, _ in KOLOM])
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="666666")
    for index, (key, _) in enumerate(KOLOM, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = LEBAR.get(key, LEBAR_LAIN)
        if key in TEKS:
            for row in range(2, 202):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    codes = book.create_sheet("Kode")
    codes.append(["Kode", "Jenis", "Rencana aksi / target bulanan", "Satuan", "Berlaku"])
    for cell in codes[1]:
        cell.font = bold
    for item in sasaran:
        jenis = "Target bulanan" if item.target_bulanan_id else "Rencana aksi"
        berlaku = f"{item.mulai:%d-%m-%Y} s.d. {item.selesai:%d-%m-%Y}"
        codes.append([item.kode, jenis, item.label, item.satuan, berlaku])
    if not sasaran:
        codes.append(["", "", "Belum ada rencana aksi atau target bulanan yang terbuka untuk diisi.", "", ""])
    for letter, width in zip("ABCDE", (10, 16, 70, 12, 26), strict=True):
        codes.column_dimensions[letter].width = width

    petunjuk = book.create_sheet("Petunjuk")
    petunjuk.column_dimensions["A"].width = 120
    for line in PETUNJUK:
        petunjuk.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
