"""Pegawai import from CSV (DOMAIN.md §11): validate the whole file, then write it in one transaction.

All-or-nothing: any bad row rejects the file with every problem listed by line number. Idempotent: rows
are matched by NIP, so a re-import updates and reports what changed. Optional columns that are absent
from the header leave the stored value alone; present but empty, they clear it.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pghistory
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from accounts.models import UNIT_SEPARATOR, Instansi, JenisJabatan, StatusKepegawaian, UnitKerja, User
from accounts.nip import check_nip_matches_status, parse_nip

REQUIRED_COLUMNS = ("nip", "nama", "status_kepegawaian", "jabatan", "jenis_jabatan", "unit_kerja")
OPTIONAL_COLUMNS = ("gelar_depan", "gelar_belakang", "pangkat", "golongan", "nip_atasan", "email")
# Columns copied as they are onto the pegawai (the rest are resolved to rows: unit, instansi, atasan).
PLAIN_FIELDS = (
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "status_kepegawaian",
    "pangkat",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "email",
)
GOLONGAN_PNS = re.compile(r"^(I/[a-d]|II/[a-d]|III/[a-d]|IV/[a-e])$")
GOLONGAN_PPPK = {
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
}  # fmt: skip
JENIS_BY_LOWER = {choice.value.lower(): choice.value for choice in JenisJabatan}
# Free-text columns; the coded ones (status, jenis, golongan) are checked against their own lists.
MAX_LENGTH = {
    name: User._meta.get_field(name).max_length
    for name in ("nama", "gelar_depan", "gelar_belakang", "pangkat", "jabatan", "email")
}
UNIT_NAME_MAX = min(UnitKerja._meta.get_field("nama").max_length, Instansi._meta.get_field("nama").max_length)
BATCH = 2000
# Let an absurdly long value reach our own length check (which names the column) rather than fail
# inside the csv module with "field larger than field limit".
csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Baris {self.line}: {self.message}" if self.line else self.message


class ImportRejected(Exception):
    """The file was refused; nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} masalah")
        self.errors = sorted(errors, key=lambda e: e.line)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    instansi_created: list[str] = field(default_factory=list)
    units_created: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    line: int
    nip: str
    values: dict[str, str]  # the PLAIN_FIELDS present in the header
    unit_path: str
    instansi_nama: str
    nip_atasan: str | None  # None when empty or absent; absent means "keep", see `columns`


def decode_upload(data: bytes) -> str:
    """Bytes of an uploaded file as text; a non-UTF-8 file is refused naming the first bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejected(
            [RowError(line, "berkas harus berkodekan UTF-8 (simpan ulang sebagai “CSV UTF-8”).")]
        ) from None


def import_pegawai(
    *, text: str, only_instansi: Instansi | None = None, initial_password: str | None = None
) -> ImportReport:
    """Validate and import a pegawai CSV. Raises ImportRejected and writes nothing if any row is bad.

    only_instansi: an admin instansi's import; every row must belong to that instansi.
    initial_password: a password for accounts created (or still without one), for demos and tests.
    """
    rows, columns, errors, all_nips = _parse(text, only_instansi)
    with transaction.atomic():
        errors += _check_against_database(rows, columns, only_instansi, all_nips)
        if not rows and not errors:
            errors.append(RowError(0, "berkas tidak berisi satu baris pegawai pun."))
        if errors:
            raise ImportRejected(errors)
        return _write(rows, columns, initial_password)


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
                    nip_atasan=data.get("nip_atasan") or None,
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
            parse_nip(nip_atasan)
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
    query = Q(instansi__nama__in={r.instansi_nama for r in rows}) | Q(nip__in=named) | Q(atasan__nip__in=file_nips)
    for nip, atasan_nip, instansi_nama, nama in User.objects.filter(query).values_list(
        "nip", "atasan__nip", "instansi__nama", "nama"
    ):
        stored[nip] = (atasan_nip, instansi_nama, nama)
    # Atasan kept from the database (no nip_atasan column) may sit in an instansi not loaded yet.
    kept = {data[0] for data in stored.values() if data[0] and data[0] not in stored}
    for nip, atasan_nip, instansi_nama, nama in User.objects.filter(nip__in=kept).values_list(
        "nip", "atasan__nip", "instansi__nama", "nama"
    ):
        stored[nip] = (atasan_nip, instansi_nama, nama)

    # The state after the import: the file's rows over what is stored.
    instansi_of = {nip: data[1] for nip, data in stored.items()}
    boss_of = {nip: data[0] for nip, data in stored.items()}
    for row in rows:
        instansi_of[row.nip] = row.instansi_nama
        if "nip_atasan" in columns or row.nip not in boss_of:
            boss_of[row.nip] = row.nip_atasan

    for row in rows:
        if only_instansi is not None and row.nip in stored and stored[row.nip][1] != only_instansi.nama:
            errors.append(RowError(row.line, "NIP ini terdaftar di instansi lain; hubungi admin instansi tersebut."))
            continue
        boss = boss_of.get(row.nip)
        if boss is None or (boss in all_nips and boss not in file_nips):
            continue  # no atasan, or one whose own row was rejected (reported there)
        if boss not in instansi_of:
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


def _write(rows: list[_Row], columns: set[str], initial_password: str | None) -> ImportReport:
    report = ImportReport()
    with pghistory.context(source="import_pegawai"):
        instansi_by_name = _ensure_instansi(rows, report)
        unit_id_by_path = _ensure_units(rows, instansi_by_name, report)

        existing: dict[str, User] = {}
        nips = [row.nip for row in rows]
        for start in range(0, len(nips), BATCH):
            for user in User.objects.filter(nip__in=nips[start : start + BATCH]):
                existing[user.nip] = user
        password_hash = make_password(initial_password) if initial_password else None

        changed: dict[str, User] = {}
        changed_fields: set[str] = set()
        new_rows: list[_Row] = []
        for row in rows:
            wanted = dict(row.values)
            wanted["instansi_id"] = instansi_by_name[row.instansi_nama].pk
            wanted["unit_kerja_id"] = unit_id_by_path[(row.instansi_nama, row.unit_path)]
            user = existing.get(row.nip)
            if user is None:
                new_rows.append(row)
                continue
            for name, value in wanted.items():
                if getattr(user, name) != value:
                    setattr(user, name, value)
                    changed[row.nip] = user
                    changed_fields.add(name)
            if password_hash and not user.has_usable_password():
                user.password = password_hash
                changed[row.nip] = user
                changed_fields.add("password")

        # Create new pegawai top-down so each one's atasan already has an id.
        id_by_nip = {nip: user.pk for nip, user in existing.items()}
        id_by_nip.update(
            User.objects.filter(nip__in={r.nip_atasan for r in rows if r.nip_atasan} - set(existing)).values_list(
                "nip", "pk"
            )
        )
        pending = new_rows
        while pending:
            ready = [r for r in pending if not r.nip_atasan or r.nip_atasan in id_by_nip]
            pending = [r for r in pending if r.nip_atasan and r.nip_atasan not in id_by_nip]
            users = [
                User(
                    nip=r.nip,
                    **r.values,
                    instansi_id=instansi_by_name[r.instansi_nama].pk,
                    unit_kerja_id=unit_id_by_path[(r.instansi_nama, r.unit_path)],
                    atasan_id=id_by_nip.get(r.nip_atasan) if r.nip_atasan else None,
                    password=password_hash or make_password(None),
                )
                for r in ready
            ]
            for user in User.objects.bulk_create(users, batch_size=BATCH):
                id_by_nip[user.nip] = user.pk
            report.created += len(users)
            if not ready and pending:
                # An atasan that is itself waiting on a cycle: the checks above rule this out.
                raise RuntimeError("import_pegawai: unresolved atasan ordering")

        if "nip_atasan" in columns:
            for row in rows:
                user = existing.get(row.nip)
                wanted_id = id_by_nip[row.nip_atasan] if row.nip_atasan else None
                if user is not None and user.atasan_id != wanted_id:
                    user.atasan_id = wanted_id
                    changed[row.nip] = user
                    changed_fields.add("atasan_id")
        if changed:
            # An atasan change may briefly leave A under B and B under A in the middle of an update;
            # the cycle check above already proved the end state is a tree.
            User.objects.bulk_update(list(changed.values()), sorted(changed_fields), batch_size=500)
        report.updated = len(changed)
        report.unchanged = len(rows) - report.created - report.updated
    return report


def _ensure_instansi(rows: list[_Row], report: ImportReport) -> dict[str, Instansi]:
    from accounts.services import instansi_create

    names = {row.instansi_nama for row in rows}
    found = {i.nama: i for i in Instansi.objects.filter(nama__in=names)}
    for name in sorted(names - set(found)):
        found[name] = instansi_create(nama=name)
        report.instansi_created.append(name)
    return found


def _ensure_units(
    rows: list[_Row], instansi_by_name: dict[str, Instansi], report: ImportReport
) -> dict[tuple[str, str], int]:
    """Ids of every unit path in the file, creating the missing ones level by level."""
    wanted: dict[tuple[str, str], int] = {}
    for row in rows:
        segments = row.unit_path.split(UNIT_SEPARATOR)
        for depth in range(len(segments)):
            wanted[(row.instansi_nama, UNIT_SEPARATOR.join(segments[: depth + 1]))] = depth
    ids: dict[tuple[str, str], int] = {}
    instansi_ids = {i.pk: name for name, i in instansi_by_name.items()}
    for pk, instansi_id, path in UnitKerja.objects.filter(instansi_id__in=instansi_ids).values_list(
        "pk", "instansi_id", "path"
    ):
        ids[(instansi_ids[instansi_id], path)] = pk
    by_depth: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for key, depth in wanted.items():
        if key not in ids:
            by_depth[depth].append(key)
    for depth in sorted(by_depth):
        units = []
        for instansi_nama, path in by_depth[depth]:
            parent_path, _, nama = path.rpartition(UNIT_SEPARATOR)
            units.append(
                UnitKerja(
                    instansi=instansi_by_name[instansi_nama],
                    parent_id=ids[(instansi_nama, parent_path)],
                    nama=nama,
                    path=path,
                    depth=depth,
                )
            )
        for unit in UnitKerja.objects.bulk_create(units, batch_size=BATCH):
            ids[(unit.instansi.nama, unit.path)] = unit.pk
        report.units_created += len(units)
    return ids
