"""Printed documents: the record of a print (its verification code and the digest of what it shows), the check
of a printed copy against today's data, the QR code of its check page, and what the Cetak SKP template shows
(docs/rules.md §10.2, §10.5).

The check page lives here, below penilaian, yet rebuilds penilaian's documents too: each app registers, in its
AppConfig.ready, how to rebuild today's context of its kinds of document (`register_printed_kind`), and the
check page looks the kind up by `DokumenCetak.jenis` (docs/decisions/0012-printed-copies.md)."""

import datetime
import decimal
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import segno
from django.db import transaction
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from accounts.identity import IDENTITAS
from accounts.models import User
from core.printing import fits_on_half_page, lines
from skp.models import (
    DokumenCetak,
    EkspektasiPimpinan,
    Indikator,
    JenisLampiran,
    JenisRhk,
    ModelSkp,
    PerilakuKerja,
    Rhk,
    Skp,
)

JUDUL_MODEL = {
    ModelSkp.JPT: "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
    ModelSkp.PIMPINAN_UNIT: "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
    ModelSkp.PEGAWAI: "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
}


@transaction.atomic
def dokumen_cetak_create(
    *,
    actor: User,
    skp: Skp,
    jenis: str,
    tanggal: datetime.date,
    lokasi: str,
    periode_awal: datetime.date | None = None,
    periode_akhir: datetime.date | None = None,
    periode_kode: str = "",
    catatan: str = "",
) -> DokumenCetak:
    """Record a print of `skp` by `actor`, who must be able to see it (the caller checks with visible_to).
    `periode_awal`/`periode_akhir`/`periode_kode`: the penilaian period the paper covers, when not the SKP's whole
    range, so that the check page names it; `catatan`: a Dokumen Evaluasi's Catatan/Rekomendasi as printed.

    The SKP row is locked and read again, so the version and status recorded are those of the data printed
    when the caller builds the document in the same transaction. `dokumen.skp` is that fresh row.
    """
    current = Skp.objects.select_for_update(of=("self",)).select_related("instansi").get(pk=skp.pk)
    return DokumenCetak.objects.create(
        jenis=jenis,
        instansi_id=current.instansi_id,
        skp=current,
        skp_version=current.version,
        status_skp=current.status,
        nama_pegawai=current.pegawai_snapshot.get("nama", ""),
        jabatan=current.pegawai_snapshot.get("jabatan", ""),
        periode_awal=periode_awal or current.periode_awal,
        periode_akhir=periode_akhir or current.periode_akhir,
        periode_kode=periode_kode,
        catatan=catatan.strip(),
        tanggal=tanggal,
        lokasi=lokasi.strip(),
        dicetak_oleh=actor,
    )


def lokasi_terakhir(*, user: User, instansi_id: int) -> str:
    """The Lokasi the print dialog offers for a document of `instansi_id`: what `user` typed on their last print of
    that instansi, else what anyone typed on the instansi's last print, else "" (docs/rules.md §10.1). The place of
    signing is a town (Singaraja), which nothing in the data holds; the instansi's name is not a place."""
    prints = DokumenCetak.objects.filter(instansi_id=instansi_id).order_by("-pk").values_list("lokasi", flat=True)
    return prints.filter(dicetak_oleh=user).first() or prints.first() or ""


@dataclass(frozen=True)
class PrintedKind:
    """How the check page rebuilds one kind of printed document (docs/rules.md §10.5).

    `shown(context)` takes the context its PDF template renders and returns the data the paper shows, one entry
    per key of `sections` (plain, JSON-able values in a stable order; nothing print-only: the signature's tanggal
    and lokasi, the code, its URL and QR, the date printed). `today(dokumen)` builds that context from today's
    data for a printed record, or returns None when what it printed is gone. `sections` names the parts, in the
    paper's order, for the check page's "what changed"."""

    shown: Callable[[dict], dict]
    today: Callable[[DokumenCetak], dict | None]
    sections: dict[str, str]


PRINTED_KINDS: dict[str, PrintedKind] = {}


def register_printed_kind(jenis: str, *, shown, today, sections: dict[str, str]) -> None:
    """Called from each app's AppConfig.ready for the kinds of document it prints."""
    PRINTED_KINDS[jenis] = PrintedKind(shown=shown, today=today, sections=sections)


def _canonical(value):
    """The JSON of the values `shown` may hold beyond str, int, bool, None, lists and dicts; anything else (a
    model instance, say) is a bug and raises."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"
    raise TypeError(f"Not part of a printed document's digest: {type(value).__name__}")


def _sha256(value) -> str:
    data = json.dumps(value, default=_canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def digest_of(shown: dict) -> tuple[str, dict[str, str]]:
    """SHA-256 (hex) of the canonical JSON of what a document shows, whole and per section."""
    return _sha256(shown), {section: _sha256(value) for section, value in shown.items()}


def dokumen_cetak_seal(dokumen: DokumenCetak, context: dict) -> None:
    """Record on `dokumen` the digest of what its PDF shows, from the context about to be rendered; in the
    transaction of dokumen_cetak_create, so the record and the data it describes are of one moment."""
    dokumen.digest, dokumen.section_digests = digest_of(PRINTED_KINDS[dokumen.jenis].shown(context))
    DokumenCetak.objects.filter(pk=dokumen.pk).update(digest=dokumen.digest, section_digests=dokumen.section_digests)


@dataclass(frozen=True)
class CheckResult:
    """What the check page says about a printed copy: `status` is "sama" (the paper still shows today's data),
    "berubah" (`changed`: the parts that differ, by label) or "dihapus" (`gone`: what was deleted)."""

    status: str
    changed: list[str] = field(default_factory=list)
    gone: str = ""
    by_version: bool = False  # printed before digests were kept: only the SKP's version was compared


def dokumen_cetak_check(dokumen: DokumenCetak) -> CheckResult:
    """Compare a printed copy with today's data (docs/rules.md §10.5). `dokumen.skp` and its instansi should be
    selected with it; then a fixed number of queries, those of the kind's context."""
    if dokumen.skp is None:
        return CheckResult("dihapus", gone="SKP-nya")
    if not dokumen.digest:
        berubah = dokumen.skp.version != dokumen.skp_version
        return CheckResult("berubah" if berubah else "sama", by_version=True)
    kind = PRINTED_KINDS[dokumen.jenis]
    context = kind.today(dokumen)
    if context is None:
        return CheckResult("dihapus", gone="periode penilaiannya")
    digest, sections = digest_of(kind.shown(context))
    if digest == dokumen.digest:
        return CheckResult("sama")
    changed = [label for key, label in kind.sections.items() if sections.get(key) != dokumen.section_digests.get(key)]
    return CheckResult("berubah", changed=changed)


class VerifikasiQr:
    """The QR code of a printed document's check URL, as inline SVG for templates/pdf/base.html. Inline because
    the PDF's URL fetcher serves our static files only (core.pdf): a data: URI would be refused. Drawn when a
    template prints it, so the check page's rebuilt contexts never make one."""

    def __init__(self, url: str):
        self.url = url

    @cached_property
    def svg(self) -> SafeString:
        # Error correction M (15 %) keeps a ~50-character URL at version 3–4: modules of ~0.45 mm at 15 mm.
        qr = segno.make_qr(self.url, error="m")
        # Safe: segno writes only an <svg> and a <path> of modules; no text of the URL reaches the markup.
        return mark_safe(qr.svg_inline(border=0, omitsize=True, svgclass="qr", lineclass=None))  # noqa: S308

    def __str__(self) -> SafeString:  # the template engine calls str(): a SafeString is not escaped
        return self.svg

    __html__ = __str__


@dataclass
class RhkBaris:
    """One RHK in the printed table: its cell spans the rows of its indikator (at least one row)."""

    nomor: int
    rhk: Rhk
    indikator: list = field(default_factory=list)

    @property
    def rowspan(self) -> int:
        return max(1, len(self.indikator))

    @property
    def baris(self) -> list:
        """The indikator rows; a placeholder None keeps an RHK without indikator (a draft) on its own row."""
        return self.indikator or [None]

    @property
    def utuh(self) -> bool:
        """Whether the RHK and its indikator are short enough to be kept on one page."""
        rhk_cell = lines(self.rhk.teks) + (2 if self.rhk.penugasan_dari else 0)
        atasan_cell = lines(self.rhk.rhk_atasan.teks) if self.rhk.rhk_atasan_id else 1
        indikator_rows = sum(lines(i.teks) + 1 for i in self.indikator)
        return fits_on_half_page(rhk_cell, atasan_cell, indikator_rows)


@dataclass
class KelompokRhk:
    huruf: str
    nama: str
    items: list


def _columns(skp: Skp) -> dict:
    """Which columns the HASIL KERJA table has, per model and pendekatan (docs/rules.md §10.2)."""
    kuantitatif, pimpinan = skp.is_kuantitatif, skp.is_pimpinan_model
    show = {
        "rhk_atasan": not pimpinan,
        "aspek": kuantitatif and not pimpinan,
        "target": kuantitatif,
        "perspektif": kuantitatif and pimpinan,
        "penugasan": pimpinan,
    }
    # No, RHK and Indikator always; the RHK atasan, Aspek, Target and Perspektif as shown.
    show["count"] = 3 + sum(show[name] for name in ("rhk_atasan", "aspek", "target", "perspektif"))
    return show


def skp_document_context(skp: Skp, dokumen: DokumenCetak, *, verifikasi_url: str = "") -> dict:
    """Everything templates/skp/pdf/skp.html needs, in a fixed number of queries whatever the SKP's size.

    `verifikasi_url` is the absolute address of the check page (the view builds it from the request).
    """
    rhk_list = (
        Rhk.objects.filter(skp=skp)
        .select_related("rhk_atasan")
        .prefetch_related(Prefetch("indikator_list", queryset=Indikator.objects.order_by("urutan", "pk")))
        .order_by("urutan", "pk")
    )
    kelompok = {JenisRhk.UTAMA: [], JenisRhk.TAMBAHAN: []}
    for rhk in rhk_list:
        items = kelompok[rhk.jenis]
        items.append(RhkBaris(nomor=len(items) + 1, rhk=rhk, indikator=list(rhk.indikator_list.all())))

    ekspektasi = {e.perilaku_id: e.teks for e in EkspektasiPimpinan.objects.filter(skp=skp)}
    perilaku = []
    for nilai in PerilakuKerja.objects.order_by("nomor"):
        teks = ekspektasi.get(nilai.nomor, "")
        perilaku.append({"perilaku": nilai, "ekspektasi": teks, "utuh": fits_on_half_page(lines(teks, 40))})

    lampiran = {jenis: [] for jenis in JenisLampiran}
    for item in skp.lampiran_list.order_by("urutan", "pk"):
        lampiran[JenisLampiran(item.jenis)].append({"teks": item.teks, "utuh": fits_on_half_page(lines(item.teks, 60))})

    return {
        "skp": skp,
        "dokumen": dokumen,
        "instansi": skp.instansi.nama,
        "pegawai": skp.pegawai_snapshot,
        "penilai": skp.penilai_snapshot,
        "identitas": [
            (nomor, label, skp.pegawai_snapshot.get(key) or "-", skp.penilai_snapshot.get(key) or "-")
            for nomor, (label, key) in enumerate(IDENTITAS, start=1)
        ],
        "judul_pendekatan": f"PENDEKATAN HASIL KERJA {skp.get_pendekatan_display().upper()}",
        "judul_model": JUDUL_MODEL.get(skp.model, ""),
        "kolom": _columns(skp),
        "kelompok_rhk": [
            KelompokRhk("A", JenisRhk.UTAMA.label, kelompok[JenisRhk.UTAMA]),
            KelompokRhk("B", JenisRhk.TAMBAHAN.label, kelompok[JenisRhk.TAMBAHAN]),
        ],
        "perilaku": perilaku,
        "lampiran": [(jenis.label, items) for jenis, items in lampiran.items()],
        **verifikasi(dokumen, verifikasi_url),
    }


def verifikasi(dokumen: DokumenCetak, url: str) -> dict:
    """The check page's address and its QR code, for the margin of every page (templates/pdf/base.html)."""
    url = url or dokumen.get_absolute_url()
    return {"verifikasi_url": url, "verifikasi_qr": VerifikasiQr(url)}


SKP_SECTIONS = {
    "kop": "judul, instansi dan periode",
    "identitas": "identitas pegawai dan pejabat penilai",
    "hasil_kerja": "hasil kerja (RHK dan indikator)",
    "perilaku": "perilaku kerja dan ekspektasi pimpinan",
    "lampiran": "lampiran",
}


def skp_shown(context: dict) -> dict:
    """What templates/skp/pdf/skp.html shows, by section (see PrintedKind): the columns it prints and only them."""
    skp, kolom = context["skp"], context["kolom"]

    def indikator(item: Indikator | None) -> dict | None:
        if item is None:
            return None
        return {
            "teks": item.teks,
            "aspek": item.get_aspek_display() if kolom["aspek"] else None,
            "target": item.target_display if kolom["target"] else None,
            "perspektif": item.get_perspektif_display() if kolom["perspektif"] else None,
        }

    def rhk(item: RhkBaris) -> dict:
        return {
            "nomor": item.nomor,
            "teks": item.rhk.teks,
            "rhk_atasan": item.rhk.rhk_atasan.teks if kolom["rhk_atasan"] and item.rhk.rhk_atasan_id else None,
            "penugasan_dari": item.rhk.penugasan_dari if kolom["penugasan"] else None,
            "indikator": [indikator(i) for i in item.baris],
        }

    return {
        "kop": {
            "instansi": context["instansi"],
            "periode": [skp.periode_awal, skp.periode_akhir],
            "judul": [context["judul_pendekatan"], context["judul_model"]],
        },
        "identitas": context["identitas"],
        "hasil_kerja": {
            "kolom": kolom,
            "kelompok": [[g.huruf, g.nama, [rhk(item) for item in g.items]] for g in context["kelompok_rhk"]],
        },
        "perilaku": [
            [b["perilaku"].nomor, b["perilaku"].nama, b["perilaku"].panduan, b["ekspektasi"]]
            for b in context["perilaku"]
        ],
        "lampiran": [[judul, [item["teks"] for item in items]] for judul, items in context["lampiran"]],
    }


def skp_today(dokumen: DokumenCetak) -> dict:
    """Today's context of a printed SKP (`dokumen.skp` selected with its instansi)."""
    return skp_document_context(dokumen.skp, dokumen)
