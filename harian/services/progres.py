"""The pegawai's daily entries (docs/rules.md §15.3, §15.5): create, change, delete, each checked by the same rules
as every row of an import (harian.services.periksa). Entries of an approved month stay editable inside the window
and mark the month "berubah setelah disetujui" (§15.7)."""

import datetime
import uuid
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from harian import permissions
from harian.jendela import jendela_refusal
from harian.models import ProgresHarian, SkpBulanan
from harian.services.base import HarianError, check_version, lock_pegawai, mark_changed, require, skp_bulanan_for
from harian.services.periksa import Isian, Konteks, overlap_message


def _write_refusal(error: IntegrityError, isian: Isian) -> HarianError | None:
    """The database's last guards, in the user's words: the exclusion constraint of the entry's partition (two
    requests that passed the service's own check at once), and a month without its partition."""
    cause = error.__cause__
    constraint = getattr(getattr(cause, "diag", None), "constraint_name", None) or ""
    if constraint.endswith("_no_overlap"):
        return HarianError(overlap_message(isian, None))
    if "no partition" in str(error):
        return HarianError(
            f"Progres harian bulan {isian.tanggal:%m-%Y} belum dapat disimpan: tempatnya di basis data belum "
            "disiapkan. Beri tahu admin (perintah manage.py partisi_harian)."
        )
    return None


@contextmanager
def _guarded(isian: Isian):
    """A write in a savepoint whose IntegrityError, when it is one of ours, becomes the user's message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if refusal := _write_refusal(error, isian):
            raise refusal from None
        raise


def _apply(entry: ProgresHarian, isian: Isian, sasaran) -> None:
    entry.tanggal, entry.jam_mulai, entry.jam_selesai = isian.tanggal, isian.jam_mulai, isian.jam_selesai
    entry.uraian, entry.realisasi, entry.satuan = isian.uraian.strip(), isian.realisasi, sasaran.satuan or isian.satuan
    entry.link_bukti = isian.link_bukti
    entry.rencana_aksi_id = sasaran.rencana_aksi_id
    entry.target_bulanan_id = sasaran.target_bulanan_id


@transaction.atomic
def progres_create(*, actor: User, isian: Isian, client_token: uuid.UUID | None = None) -> ProgresHarian:
    """A new entry of the actor's daily log. Refusals: HarianError (who, the feature, the SKP) or ValidationError by
    field (the date's window, the times, the target, the link…), with the user's messages."""
    lock_pegawai(actor.pk)
    # The same form sent twice carries the same date: the unique index (client_token, tanggal) of one partition.
    resent = ProgresHarian.objects.filter(pegawai=actor, client_token=client_token, tanggal=isian.tanggal)
    if client_token and (found := resent.first()):
        return found
    konteks = Konteks.load(actor, today=timezone.localdate(), kodes=[isian.sasaran])
    sasaran, problems = konteks.check(isian)
    if problems:
        raise ValidationError(problems)
    # Back, then Simpan, sends the same entry from a fresh form: it is the one already made (docs/rules.md §11.6).
    if (same := konteks.same(isian, sasaran)) is not None:
        return ProgresHarian.objects.by_id(same, isian.tanggal).get()
    if message := konteks.overlap(isian):
        raise ValidationError({"jam_mulai": message})
    skp_bulanan = skp_bulanan_for(sasaran.skp, isian.tanggal)
    entry = ProgresHarian(instansi_id=sasaran.skp.instansi_id, pegawai=actor, skp_bulanan=skp_bulanan)
    entry.client_token = client_token
    _apply(entry, isian, sasaran)
    with _guarded(isian):
        entry.save(force_insert=True)
    mark_changed(skp_bulanan)
    return entry


def _lock_entry(actor: User, progres_id: int, version, konteks: Konteks, tanggal) -> ProgresHarian:
    """The actor's entry, locked after the actor's row; its own date must still be inside the window: an entry of a
    closed day is not changed nor removed."""
    found = ProgresHarian.objects.by_id(progres_id, tanggal).select_for_update(of=("self",))
    entry = found.select_related("skp_bulanan__skp").first()
    if entry is None or entry.pegawai_id != actor.pk:
        raise HarianError("Progres harian tersebut tidak ditemukan di antara isian Anda.")
    require(permissions.isi_refusal(actor, entry.skp_bulanan.skp, aktif=konteks.pengaturan.aktif))
    check_version(entry, version)
    require(
        jendela_refusal(
            entry.tanggal,
            today=konteks.today,
            kalender=konteks.kalender,
            hari_kerja_lalu=konteks.pengaturan.jendela_hari_kerja,
        )
    )
    return entry


@transaction.atomic
def progres_update(
    *, actor: User, progres_id: int, version: int | None, isian: Isian, tanggal: datetime.date | None = None
) -> ProgresHarian:
    """A change to one of the actor's entries, by the rules of a new one. A changed entry waits for the atasan's
    kesesuaian again; its month (and the month it leaves) is marked changed when approved. `tanggal`: the entry's
    current date when the page knows it (one partition read, ProgresHarianQuerySet.by_id)."""
    lock_pegawai(actor.pk)
    konteks = Konteks.load(actor, today=timezone.localdate(), kodes=[isian.sasaran])
    entry = _lock_entry(actor, progres_id, version, konteks, tanggal)
    sasaran, problems = konteks.check(isian)
    if problems:
        raise ValidationError(problems)
    if message := konteks.overlap(isian, exclude_id=entry.pk):
        raise ValidationError({"jam_mulai": message})
    before = entry.skp_bulanan
    after = skp_bulanan_for(sasaran.skp, isian.tanggal)
    old_tanggal = entry.tanggal
    _apply(entry, isian, sasaran)
    entry.skp_bulanan = after
    entry.kesesuaian, entry.kesesuaian_oleh, entry.kesesuaian_pada = None, None, None
    entry.version += 1
    # Keyed on the old date, the update reads one partition; a new date in another month moves the row to that
    # month's partition (PostgreSQL does it as a delete and an insert, and so does the audit trail).
    fields = {f.attname: getattr(entry, f.attname) for f in ProgresHarian._meta.concrete_fields if not f.primary_key}
    with _guarded(isian):
        ProgresHarian.objects.filter(pk=entry.pk, tanggal=old_tanggal).update(**fields)
    for month in {before.pk: before, after.pk: after}.values():
        mark_changed(month)
    return entry


@transaction.atomic
def progres_delete(
    *, actor: User, progres_id: int, version: int | None = None, tanggal: datetime.date | None = None
) -> None:
    """Remove one of the actor's entries of a day still inside the window (`tanggal`: as in progres_update)."""
    lock_pegawai(actor.pk)
    konteks = Konteks.load(actor, today=timezone.localdate(), kodes=[])
    entry = _lock_entry(actor, progres_id, version, konteks, tanggal)
    skp_bulanan: SkpBulanan = entry.skp_bulanan
    ProgresHarian.objects.filter(pk=entry.pk, tanggal=entry.tanggal).delete()
    mark_changed(skp_bulanan)
