"""The pegawai import's checks: every row on its own, then the whole file against the database."""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Coalesce

from accounts.importer.rows import (
    GOLONGAN_PNS,
    GOLONGAN_PPPK,
    JENIS_BY_LOWER,
    MAX_LENGTH,
    OPTIONAL_COLUMNS,
    PLAIN_FIELDS,
    REQUIRED_COLUMNS,
    UNIT_NAME_MAX,
    ImportRejected,
    RowError,
    _Row,
)
from accounts.models import UNIT_SEPARATOR, Instansi, JenisJabatan, StatusKepegawaian, User
from accounts.nip import check_nip_matches_status, parse_nip, validate_nama_login


def _parse(text: str, only_instansi: Instansi | None) -> tuple[list[_Row], set[str], list[RowError], set[str]]:
    """The valid rows, the header's columns, the problems found so far, and every NIP the file names.

    Only a bad header stops here; bad rows are collected so the admin sees every problem at once.
    """
    # newline=None: lines may end in \n, \r\n or a bare \r (older Excel on a Mac).
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=None))
    errors: list[RowError] = []
    try:
        header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ImportRejected([RowError(1, f"format CSV tidak valid: {exc}.")]) from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing:
        errors.append(RowError(1, f"kolom wajib tidak ada: {', '.join(missing)}."))
    if unknown:
        errors.append(RowError(1, f"kolom tidak dikenal: {', '.join(unknown)}."))
    if len(set(header)) != len(header):
        errors.append(RowError(1, "ada nama kolom yang ditulis dua kali."))
    if errors:
        raise ImportRejected(errors)
    reader.fieldnames = header
    columns = set(header)

    rows: list[_Row] = []
    first_line_of: dict[str, int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            if None in raw:
                errors.append(RowError(line, "jumlah kolom melebihi header."))
                continue
            data = {k: (v or "").strip() for k, v in raw.items()}
            if not any(data.values()):
                continue  # a blank line
            row_errors = _row_errors(data, only_instansi)
            nip = data["nip"]
            if nip in first_line_of:
                row_errors.append(f"NIP sama dengan baris {first_line_of[nip]} (NIP ganda dalam berkas).")
            elif nip:
                first_line_of[nip] = line
            if row_errors:
                errors.extend(RowError(line, message) for message in row_errors)
                continue
            segments = [s.strip() for s in data["unit_kerja"].split(UNIT_SEPARATOR.strip())]
            values = {name: data[name] for name in PLAIN_FIELDS if name in columns}
            values["status_kepegawaian"] = data["status_kepegawaian"].upper()
            values["jenis_jabatan"] = JENIS_BY_LOWER[data["jenis_jabatan"].lower()]
            rows.append(
                _Row(
                    line=line,
                    nip=nip,
                    values=values,
                    unit_path=UNIT_SEPARATOR.join(segments),
                    instansi_nama=segments[0],
                    nip_atasan=atasan_key(data.get("nip_atasan", "")),
                )
            )
    except csv.Error as exc:
        # The rest of the file cannot be read, so checks that need the whole file would mislead.
        errors.append(RowError(reader.line_num, f"format CSV tidak valid: {exc}."))
        raise ImportRejected(errors) from None
    return rows, columns, errors, set(first_line_of)


def _row_errors(data: dict[str, str], only_instansi: Instansi | None) -> list[str]:
    """Problems of one row on its own (no database, no other rows), as messages for the admin."""
    with_nul = [column for column, value in data.items() if "\x00" in value]
    if with_nul:
        return [f"kolom {', '.join(with_nul)} memuat karakter NUL; simpan ulang berkas sebagai teks CSV biasa."]
    problems = []
    for column in REQUIRED_COLUMNS:
        if not data[column]:
            problems.append(f"kolom {column} wajib diisi.")
    if problems:
        return problems
    for column, limit in MAX_LENGTH.items():
        if len(data.get(column, "")) > limit:
            problems.append(f"{column} terlalu panjang (paling banyak {limit} karakter).")
    status = data["status_kepegawaian"].upper()
    try:
        parse_nip(data["nip"])
        if status in StatusKepegawaian.values:
            check_nip_matches_status(data["nip"], status)
    except ValidationError as exc:
        problems.append(exc.messages[0])
    if status not in StatusKepegawaian.values:
        problems.append("status_kepegawaian harus PNS atau PPPK.")
    if data["jenis_jabatan"].lower() not in JENIS_BY_LOWER:
        problems.append(
            f"jenis_jabatan “{data['jenis_jabatan']}” tidak dikenal; pilihan: {', '.join(JenisJabatan.values)}."
        )
    golongan = data.get("golongan", "")
    if golongan and status == "PNS" and not GOLONGAN_PNS.match(golongan):
        problems.append("golongan PNS harus I/a–IV/e, misalnya III/b.")
    if golongan and status == "PPPK" and golongan not in GOLONGAN_PPPK:
        problems.append("golongan PPPK harus angka Romawi I–XVII, misalnya IX.")
    segments = [s.strip() for s in data["unit_kerja"].split(UNIT_SEPARATOR.strip())]
    if any(not s for s in segments):
        problems.append("unit_kerja memuat nama unit yang kosong (periksa tanda “>”).")
    elif any(len(s) > UNIT_NAME_MAX for s in segments):
        problems.append(f"unit_kerja memuat nama unit lebih dari {UNIT_NAME_MAX} karakter.")
    elif only_instansi is not None and segments[0] != only_instansi.nama:
        problems.append(f"unit_kerja harus diawali nama instansi Anda, “{only_instansi.nama}”.")
    nip_atasan = data.get("nip_atasan", "")
    if nip_atasan:
        try:
            # A pejabat non-ASN (the kepala daerah) is named by their nama pengguna, which starts with a letter.
            validate_nama_login(nip_atasan.lower()) if nip_atasan[:1].isalpha() else parse_nip(nip_atasan)
        except ValidationError as exc:
            problems.append("nip_atasan: " + exc.messages[0])
        if nip_atasan == data["nip"]:
            problems.append("nip_atasan tidak boleh NIP pegawai itu sendiri.")
    if data.get("email"):
        try:
            validate_email(data["email"])
        except ValidationError:
            problems.append("email tidak valid.")
    return problems


NOT_HERE = "NIP ini tidak dapat diimpor di sini."


def atasan_key(value: str) -> str | None:
    """The atasan as the import tracks them: a NIP, or the (lower-case) nama pengguna of a pejabat non-ASN."""
    return (value.lower() if value[:1].isalpha() else value) or None


# Every person's key in the checks and the write: the NIP, or a pejabat non-ASN's nama pengguna.
KEY = Coalesce("nip", "nama_login")
ATASAN_KEY = Coalesce("atasan__nip", "atasan__nama_login")


def _check_against_database(
    rows: list[_Row], columns: set[str], only_instansi: Instansi | None, all_nips: set[str]
) -> list[RowError]:
    """Rules that need the stored data and the whole file: every atasan exists and works in the same
    instansi after the import (bawahan left behind by a move included), and the reporting lines form a tree.

    all_nips holds the NIPs of rejected rows too: an atasan on a rejected row is not reported twice.
    """
    errors: list[RowError] = []
    file_nips = {row.nip for row in rows}
    line_of = {row.nip: row.line for row in rows}
    # What is stored now: the pegawai of the file's instansi, plus those the file names or moves.
    stored: dict[str, tuple[str | None, str | None, str]] = {}  # nip -> (atasan nip, instansi, nama)
    named = file_nips | {r.nip_atasan for r in rows if r.nip_atasan}
    query = (
        Q(instansi__nama__in={r.instansi_nama for r in rows})
        | Q(nip__in=named)
        | Q(nama_login__in=named)
        | Q(atasan__nip__in=file_nips)
    )
    for nip, atasan_nip, instansi_nama, nama in User.objects.filter(query).values_list(
        KEY, ATASAN_KEY, "instansi__nama", "nama"
    ):
        stored[nip] = (atasan_nip, instansi_nama, nama)
    # Atasan kept from the database (no nip_atasan column) may sit in an instansi not loaded yet.
    kept = {data[0] for data in stored.values() if data[0] and data[0] not in stored}
    kept_users = User.objects.filter(Q(nip__in=kept) | Q(nama_login__in=kept))
    for nip, atasan_nip, instansi_nama, nama in kept_users.values_list(KEY, ATASAN_KEY, "instansi__nama", "nama"):
        stored[nip] = (atasan_nip, instansi_nama, nama)

    # The state after the import: the file's rows over what is stored.
    instansi_of = {nip: data[1] for nip, data in stored.items()}
    boss_of = {nip: data[0] for nip, data in stored.items()}
    for row in rows:
        instansi_of[row.nip] = row.instansi_nama
        if "nip_atasan" in columns or row.nip not in boss_of:
            boss_of[row.nip] = row.nip_atasan

    # An admin instansi's import never touches an account of another instansi, nor one with rights the admin
    # lacks (a superadmin, groups, permissions); it says only that the NIP cannot be imported here, not why.
    protected = set()
    if only_instansi is not None:
        protected = set(
            User.objects.filter(User.objects.higher_rights(), nip__in=file_nips).values_list("nip", flat=True)
        )
    for row in rows:
        elsewhere = only_instansi is not None and row.nip in stored and stored[row.nip][1] != only_instansi.nama
        if elsewhere or row.nip in protected:
            errors.append(RowError(row.line, NOT_HERE))
            continue
        boss = boss_of.get(row.nip)
        if boss is None or (boss in all_nips and boss not in file_nips):
            continue  # no atasan, or one whose own row was rejected (reported there)
        if boss not in instansi_of and boss[:1].isalpha():
            errors.append(
                RowError(
                    row.line,
                    f"pejabat non-ASN dengan nama pengguna “{boss}” belum terdaftar; daftarkan dulu di admin "
                    "(Pejabat non-ASN), lalu impor ulang.",
                )
            )
        elif boss not in instansi_of:
            errors.append(RowError(row.line, "atasan (nip_atasan) tidak ditemukan di berkas maupun di database."))
        elif instansi_of[boss] != row.instansi_nama:
            where = f"baris {line_of[boss]}" if boss in line_of else "nip_atasan"
            errors.append(RowError(row.line, f"atasan ({where}) berada di instansi lain."))
    # A pegawai moving to another instansi must not leave stored bawahan behind under them.
    for nip, (atasan_nip, instansi_nama, nama) in stored.items():
        if nip not in file_nips and atasan_nip in line_of and instansi_of[atasan_nip] != instansi_nama:
            errors.append(
                RowError(
                    line_of[atasan_nip],
                    f"pegawai ini pindah instansi, tetapi bawahannya ({nama}) tetap di instansi lama; "
                    "ubah dulu atasan bawahan tersebut.",
                )
            )

    def label(nip: str) -> str:
        return f"baris {line_of[nip]}" if nip in line_of else stored[nip][2]

    # Every pegawai in the file must reach the top of the tree by following atasan.
    done: set[str] = set()
    for row in rows:
        path: list[str] = []
        on_path: set[str] = set()
        nip = row.nip
        while nip and nip not in done and nip not in on_path and nip in instansi_of:
            path.append(nip)
            on_path.add(nip)
            nip = boss_of.get(nip)
        if nip in on_path:
            cycle = path[path.index(nip) :]
            chain = " → ".join(label(n) for n in [*cycle, nip])
            for member in cycle:
                if member in line_of:
                    errors.append(RowError(line_of[member], f"hubungan atasan berputar: {chain}."))
        done.update(path)
    return errors
