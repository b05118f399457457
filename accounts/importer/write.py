"""The pegawai import's write, once every row is valid: instansi, units, pegawai and atasan, in batches."""

from collections import defaultdict

import pghistory
from django.contrib.auth.hashers import make_password
from django.db.models import Q

from accounts.importer.checks import KEY
from accounts.importer.rows import BATCH, ImportReport, _Row
from accounts.models import UNIT_SEPARATOR, Instansi, UnitKerja, User


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
        named = {r.nip_atasan for r in rows if r.nip_atasan} - set(existing)
        id_by_nip.update(User.objects.filter(Q(nip__in=named) | Q(nama_login__in=named)).values_list(KEY, "pk"))
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
