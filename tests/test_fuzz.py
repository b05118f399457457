"""Every URL pattern, as every role, with hostile input: a 400 or a form error, never a 500 (issue 8)."""

import datetime
import re
import sys
import traceback
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from skp.models import DokumenCetak, EkspektasiPimpinan, MphRow, PerilakuKerja, StatusSkp
from tests.factories import (
    BuktiDukungFactory,
    CapaianUnitFactory,
    FeedbackRekanFactory,
    PejabatNonAsnFactory,
    PeriodePenilaianFactory,
    PeriodeStatusChangeFactory,
    PltAssignmentFactory,
    RencanaAksiFactory,
    SkpFactory,
    UmpanBalikFactory,
    complete_skp,
)
from tests.harian.factories import PengaturanHarianFactory, ProgresHarianFactory

ROOT = str(settings.BASE_DIR)
ROLES = ["anonymous", "pegawai", "atasan", "kepala_daerah", "pegawai_lain", "admin_instansi", "superadmin"]
ADMIN_ROLES = ["admin_instansi", "superadmin"]
SENSIBLE = {200, 302, 400, 403, 404, 405}
# The payroll API answers a call without a valid bearer token with 401 (docs/rules.md §16.2), and a bad query value
# with 422 (the OpenAPI description's validation); a session is no token there.
SENSIBLE_API = SENSIBLE | {401, 422}

NUL = "\x00"
HUGE = "99999999999999999999"  # past bigint, and past every date's year
LONG = "x" * 5000  # past every free-text limit (4.000 at most), small enough to send in every field at once
# Every field name the app reads, and a few it does not; each hostile value goes into all of them at once.
FIELDS = [
    "teks", "catatan", "nip", "status", "arah", "skp", "rhk", "perilaku", "capaian", "kode", "tanggal", "lokasi",
    "hingga", "alasan", "dibuka_hingga", "version", "tahun", "jenis", "klasifikasi", "polaritas", "periode_awal",
    "periode_akhir", "pendekatan", "peran", "salin", "salin_dari", "target_angka", "satuan", "perspektif", "aspek",
    "realisasi", "sumber_data", "nama", "link", "rhk_atasan", "unit_kerja", "penugasan_dari", "rating_hasil_kerja",
    "rating_perilaku", "skp_anggota", "client_token", "panel", "username", "password", "email", "new_password1",
    "new_password2", "next", "q", "o", "p", "e", "_popup", "_to_field", "_changelist_filters", "action",
    "sasaran", "jam_mulai", "jam_selesai", "uraian", "link_bukti", "indikator", "bulan", "target", "minggu",
]  # fmt: skip
NOT_TEXT = {"version", "tahun", "skp", "rhk", "perilaku", "skp_anggota", "p", "o", "e", "client_token"}
HOSTILE = {
    "version=abc": {**{f: "abc" for f in FIELDS}, "version": "abc", "tahun": "abc"},
    "angka terlalu besar": {**{f: HUGE for f in FIELDS}, "tahun": "99999999999"},
    "angka negatif": {**{f: "-1" for f in FIELDS}, "tanggal": "-0001-01-01"},
    "NUL": {**{f: f"a{NUL}b" for f in FIELDS}, f"kode{NUL}": "x"},
}
HOSTILE_POST = {
    **HOSTILE,
    "teks terlalu panjang": {f: LONG for f in FIELDS if f not in NOT_TEXT},
}
# The admin is Django's own, its forms validated by model fields: GET with every hostile query string, and
# a NUL body; the junk body (version=abc) goes to every URL anyway.
ADMIN_BODIES = {"NUL": HOSTILE["NUL"]}
HTMX = {"HX-Request": "true"}
LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
ADMIN = reverse("admin:index")


# --- The URL patterns, filled with the ids of real rows -------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str
    namespace: str
    callback: object

    @property
    def params(self) -> list[tuple[str, str]]:
        """(name, converter) of every parameter, in a route (`<int:pk>`) or a regex (`(?P<url>.*)`)."""
        return [(m["name"] or m["rname"], m["conv"] or "str") for m in PARAM.finditer(self.route)]

    def fill(self, values: dict) -> str:
        def value(match):
            return str(values[match["name"] or match["rname"]])

        return "/" + PARAM.sub(value, self.route).replace("^", "").replace("$", "")


PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def url_patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """Every pattern of the project, walked from the root URLconf (nothing listed by hand)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield Pattern(prefix + str(entry.pattern), namespace, entry.callback)


def param_sets(w, pattern: Pattern) -> list[dict]:
    """The values for a pattern's parameters: one set per kind of row where the ids matter (a Draft SKP, an
    approved one, a submitted one, the atasan's with a Matriks Peran Hasil; an open and a finalised period)."""
    if pattern.namespace == "admin":
        model_admin = getattr(pattern.callback, "model_admin", None)
        row = model_admin.model._default_manager.order_by("pk").first() if model_admin else None
        return [
            {
                "object_id": row.pk if row else 1,
                "id": w.pegawai.pk,
                "content_type_id": ContentType.objects.get_for_model(type(w.skp_ok)).pk,
                "app_label": "skp",
                "url": "tidak-ada/",
            }
        ]
    if pattern.namespace == "skp":
        return w.skp_worlds
    if pattern.namespace == "penilaian":
        return w.periode_worlds
    if pattern.namespace == "harian":
        return [w.harian_world]
    if pattern.namespace == "cetak":
        return [{"pk": w.skp_ok.pk, "kode": w.dokumen.kode}, {"pk": w.skp_draft.pk, "kode": "tidak-ada"}]
    return [{"uidb64": urlsafe_base64_encode(force_bytes(w.pegawai.pk)), "token": "set-password"}]


def urls(w, patterns) -> list[tuple[Pattern, str]]:
    """Concrete URLs, each checked to resolve to its own pattern, so no pattern is silently left out."""
    result = []
    for pattern in patterns:
        names = {name for name, _ in pattern.params}
        filled = {pattern.fill(values) for values in param_sets(w, pattern) if names <= values.keys()}
        assert filled, f"no values for the parameters of {pattern.route}"
        for url in sorted(filled):
            assert resolve(url).func is pattern.callback, f"{url} does not resolve to {pattern.route}"
            result.append((pattern, url))
    return result


def hostile_paths(pattern: Pattern, url: str) -> dict[str, str]:
    """The URL with a NUL byte in the path: inside a text parameter (`/cetak/v/ab%00cd/`), else at the end; and
    where the pattern has parameters, every number past bigint and every text far too long."""
    params = dict(pattern.params)
    text = [name for name, conv in params.items() if conv in ("str", "path") and name != "url"]

    def fill(number: str, word: str) -> str:
        values = {n: number if conv == "int" else word for n, conv in params.items()}
        return pattern.fill({**values, "url": "x/"})

    paths = {"NUL di path": fill("1", "ab%00cd") if text else url + "%00/"}
    if params.keys() - {"url"}:
        paths["path terlalu panjang/besar"] = fill(HUGE, "x" * 5000)
    return paths


# --- Forms on the pages, sent back with one kind of value made hostile --------------------------------------


class FormParser(HTMLParser):
    """The POST forms of a page: action and fields (name, kind, value); a select keeps its options."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None or "name" not in a:
            if tag == "option" and self._select is not None:
                self._select["options"].append(a.get("value", ""))
                if "selected" in a:
                    self._select["value"] = a.get("value", "")
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                if not any(f["name"] == a["name"] for f in self._form["fields"]) or "checked" in a:
                    self._form["fields"] = [f for f in self._form["fields"] if f["name"] != a["name"]]
                    self._form["fields"].append({"name": a["name"], "kind": "choice", "value": a.get("value", "")})
            elif kind != "submit":
                decimal = a.get("inputmode") == "decimal" or kind == "number"
                kind = "angka" if decimal else kind
                self._form["fields"].append({"name": a["name"], "kind": kind, "value": a.get("value", "")})
        elif tag == "textarea":
            self._textarea = {"name": a["name"], "kind": "text", "value": ""}
            self._form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = {"name": a["name"], "kind": "choice", "value": None, "options": []}
            self._form["fields"].append(self._select)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = self._select.pop("options")
            if self._select["value"] is None:
                self._select["value"] = next((o for o in options if o), "")
            self._select = None


MUTATIONS = {
    "seperti ditampilkan": lambda f: f["value"],
    "hidden=abc": lambda f: "abc" if f["kind"] == "hidden" else f["value"],
    "hidden terlalu besar": lambda f: HUGE if f["kind"] == "hidden" else f["value"],
    "hidden negatif": lambda f: "-1" if f["kind"] == "hidden" else f["value"],
    "teks terlalu panjang": lambda f: LONG if f["kind"] in ("text", "url", "email", "search") else f["value"],
    "pilihan tidak dikenal": lambda f: "abc" if f["kind"] == "choice" else f["value"],
    "tanggal 9999": lambda f: "9999-12-31" if f["kind"] == "date" else f["value"],
    "tanggal 0001": lambda f: "0001-01-01" if f["kind"] == "date" else f["value"],
    "tanggal rusak": lambda f: "99999999999-01-01" if f["kind"] == "date" else f["value"],
    "angka terlalu besar": lambda f: HUGE + ",5" if f["kind"] == "angka" else f["value"],
    "angka bukan angka": lambda f: "NaN" if f["kind"] == "angka" else f["value"],
}


def form_posts(page_url: str, html: str, seen: set):
    """(action, label, data) for every POST form of the page not seen before, once per mutation that changes
    something. The login/logout forms are left to the plain fuzz: they end the session being tested."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        action = urlsplit(form["action"]).path or page_url
        fields = [f for f in form["fields"] if f["name"] != "csrfmiddlewaretoken"]
        key = (action, tuple(f["name"] for f in fields))
        if key in seen or action.startswith(ADMIN) or action == LOGOUT:
            continue
        seen.add(key)
        sent = []
        for label, mutate in MUTATIONS.items():
            data = {f["name"]: mutate(f) for f in fields}
            if data not in sent:
                sent.append(data)
                yield action, f"form {label}", data


# --- Sending, and what a failure says ----------------------------------------------------------------------


class Fuzzer:
    """One role's client. Every request runs in a savepoint that is rolled back, so each one meets the same
    rows (a Hapus does not take the SKP away from the next request) and the session survives Keluar."""

    def __init__(self, user, label: str):
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
            # Kept, not rolled back: the session's idle-refresh mark, so no request after this one saves it again.
            self.client.get(reverse("accounts:home"))
        self.cookies = {k: m.value for k, m in self.client.cookies.items()}
        self.role = label
        self.failures: list[str] = []
        self.count = 0
        self._exceptions: list = []

    def _record(self, sender, **kwargs):
        self._exceptions.append(sys.exc_info())

    def send(self, method: str, url: str, label: str, data=None, headers=None, multipart=False):
        self.client.cookies = SimpleCookie(self.cookies)
        self._exceptions.clear()
        kwargs = {"headers": headers or {}}
        if method == "post" and not multipart:
            kwargs.update(data=urlencode(data or {}), content_type="application/x-www-form-urlencoded")
        else:
            kwargs["data"] = data or {}
        got_request_exception.connect(self._record)
        try:
            with transaction.atomic():
                response = getattr(self.client, method)(url, **kwargs)
                transaction.set_rollback(True)
        finally:
            got_request_exception.disconnect(self._record)
        self.count += 1
        if response.status_code not in (SENSIBLE_API if url.startswith("/api/") else SENSIBLE):
            where = ""
            if self._exceptions:
                _, error, tb = self._exceptions[-1]
                frames = traceback.extract_tb(tb)
                ours = [f for f in frames if f.filename.startswith(ROOT) and "/.venv/" not in f.filename] or frames
                where = f" — {type(error).__name__}: {str(error)[:120]} at {ours[-1].filename}:{ours[-1].lineno}"
            self.failures.append(f"{self.role} {method.upper()} {url[:120]} [{label}] → {response.status_code}{where}")
        return response

    def fuzz(self, pattern: Pattern, url: str, *, bodies: dict = HOSTILE_POST, forms: set | None = None):
        """The plain page, hostile paths, junk in the query string and the body; where the role gets past
        the login, the scoped lookup and the permission rule, every hostile query string and body, then the page's
        forms sent back. Where it does not, the view reads nothing more of the request: the rest would only
        repeat the 403 or 404."""
        page = self.send("get", url, "apa adanya")
        for label, path in hostile_paths(pattern, url).items():
            self.send("get", path, label)
        self.send("get", url, "query version=abc", HOSTILE["version=abc"], headers=HTMX)
        junk = self.send("post", url, "body version=abc", HOSTILE["version=abc"], headers=HTMX)
        if not (reached(page) or reached(junk)):
            return
        for label, data in HOSTILE.items():
            if label != "version=abc":
                self.send("get", url, f"query {label}", data)
        self.send("get", url, "NUL di header", headers={"User-Agent": f"a{NUL}b", "X-Forwarded-For": f"1.2.3.4{NUL}"})
        for label, data in bodies.items():
            if label != "version=abc":
                self.send("post", url, f"body {label}", data)
        self.send("post", url, "body NUL multipart", HOSTILE["NUL"], multipart=True)
        is_html = page.get("Content-Type", "").startswith("text/html")
        if forms is not None and page.status_code == 200 and is_html:
            for action, label, data in form_posts(url, page.content.decode(), forms):
                self.send("post", action, label, data)

    def report(self) -> str:
        return f"{len(self.failures)} of {self.count} requests failed:\n" + "\n".join(self.failures)


def reached(response) -> bool:
    """Whether the request got past the login, the allowed methods, the scoped lookup (404) and the permission
    rule (403) into the part of the view that reads the request."""
    if response.status_code in (403, 404, 405):
        return False
    return not (response.status_code == 302 and response.url.startswith(LOGIN))


# --- The rows every role meets ---------------------------------------------------------------------------


@pytest.fixture
def world(clock, instansi, unit, atasan, pegawai, pegawai_lain, admin_instansi, superadmin, monkeypatch):
    """A Draft SKP (with RHK, indikator, lampiran), an approved one with an open and a finalised period (rencana
    aksi, bukti dukung, umpan balik, feedback rekan, capaian unit, a printed copy, a month of progres harian), a
    colleague's submitted SKP with an ekspektasi, and the atasan's SKP with a Matriks Peran Hasil row. The PDF step
    of WeasyPrint is skipped: the print templates still render, but a valid print dialog must not cost a second per
    request."""
    monkeypatch.setattr("core.pdf.HTML", lambda **kwargs: SimpleNamespace(write_pdf=lambda: b"%PDF-1.7"))
    PltAssignmentFactory(pegawai=pegawai)
    # The atasan's own penilai is the kepala daerah, a pejabat non-ASN (docs/rules.md §1.12).
    kepala_daerah = PejabatNonAsnFactory(instansi=instansi)
    atasan.atasan = kepala_daerah
    atasan.save()
    last_year = {"periode_awal": datetime.date(2025, 1, 1), "periode_akhir": datetime.date(2025, 12, 31)}
    skp_draft = complete_skp(SkpFactory(pegawai=pegawai, **last_year))
    skp_ok = complete_skp(SkpFactory(pegawai=pegawai, status=StatusSkp.PERSETUJUAN, penilaian_final=True))
    skp_lain = complete_skp(SkpFactory(pegawai=pegawai_lain, status=StatusSkp.PENGAJUAN))
    skp_atasan = complete_skp(SkpFactory(pegawai=atasan, status=StatusSkp.PERSETUJUAN))
    perilaku = PerilakuKerja.objects.order_by("nomor").first()
    EkspektasiPimpinan.objects.create(instansi=instansi, skp=skp_lain, perilaku=perilaku, teks="Tepat waktu")
    mph = MphRow.objects.create(instansi=instansi, penilai_skp=skp_atasan, skp=skp_ok)
    rhk_ok = skp_ok.rhk_list.first()
    terbuka = PeriodePenilaianFactory(skp=skp_ok)
    final = PeriodePenilaianFactory(
        skp=skp_ok,
        kode="2026-TW2",
        nama="Triwulan II",
        mulai=datetime.date(2026, 4, 1),
        selesai=datetime.date(2026, 6, 30),
        status="ditetapkan",
        rating_hasil_kerja="sesuai",
        rating_perilaku="sesuai",
        predikat="baik",
    )
    PeriodeStatusChangeFactory(periode=final)
    ra = RencanaAksiFactory(periode=terbuka, rhk=rhk_ok)
    # Progres harian on (issue 11): February of the approved SKP with a target bulanan and an entry of today.
    PengaturanHarianFactory(instansi=instansi)
    progres = ProgresHarianFactory(target_bulanan__skp_bulanan__skp=skp_ok, target_bulanan__rhk=rhk_ok)
    bukti = BuktiDukungFactory(rencana_aksi=ra)
    UmpanBalikFactory(periode=terbuka, rhk=rhk_ok)
    UmpanBalikFactory(periode=terbuka, rhk=None, perilaku=perilaku)
    FeedbackRekanFactory(skp=skp_ok, pemberi=pegawai_lain)
    CapaianUnitFactory(unit_kerja=unit, kode=terbuka.kode, oleh=admin_instansi)
    dokumen = DokumenCetak.objects.create(
        jenis=DokumenCetak.Jenis.SKP,
        instansi=instansi,
        skp=skp_ok,
        skp_version=skp_ok.version,
        status_skp=skp_ok.status,
        tanggal=datetime.date(2026, 2, 1),
        lokasi="Sukamaju",
        dicetak_oleh=pegawai,
    )

    def skp_world(skp, **more):
        rhk = skp.rhk_list.first()
        return {
            "pk": skp.pk,
            "rhk_id": rhk.pk,
            "indikator_id": rhk.indikator_list.first().pk,
            "item_id": skp.lampiran_list.first().pk,
            "nomor": perilaku.nomor,
            **more,
        }

    def periode_world(periode):
        return {
            "pk": periode.pk,
            "skp_pk": skp_ok.pk,
            "rhk_id": rhk_ok.pk,
            "ra_id": ra.pk,
            "bukti_id": bukti.pk,
            "unit_pk": unit.pk,
            "kode": periode.kode,
        }

    return SimpleNamespace(
        users={
            "anonymous": None,
            "pegawai": pegawai,
            "atasan": atasan,
            "kepala_daerah": kepala_daerah,
            "pegawai_lain": pegawai_lain,
            "admin_instansi": admin_instansi,
            "superadmin": superadmin,
        },
        pegawai=pegawai,
        skp_draft=skp_draft,
        skp_ok=skp_ok,
        dokumen=dokumen,
        skp_worlds=[
            skp_world(skp_draft),
            skp_world(skp_ok),
            skp_world(skp_lain),
            skp_world(skp_atasan, row_id=mph.pk),
        ],
        periode_worlds=[periode_world(terbuka), periode_world(final)],
        harian_world={
            "pk": progres.skp_bulanan_id,
            "skp_pk": skp_ok.pk,
            "rhk_id": rhk_ok.pk,
            "target_id": progres.target_bulanan_id,
            "progres_id": progres.pk,
            "periode_pk": terbuka.pk,
        },
    )


# --- The tests -------------------------------------------------------------------------------------------


def app_patterns():
    return [p for p in url_patterns() if p.namespace != "admin"]


def admin_patterns():
    return [p for p in url_patterns() if p.namespace == "admin"]


def test_the_walk_finds_every_app_and_the_admin():
    namespaces = {p.namespace for p in url_patterns()}
    assert {"admin", "skp", "cetak", "penilaian", "harian", "accounts"} <= namespaces
    assert any("<str:kode>" in p.route for p in app_patterns())


@pytest.mark.parametrize("role", ROLES)
def test_no_page_answers_hostile_input_with_a_500(world, role):
    """GET and POST with version=abc, numbers past bigint, negative numbers, NUL bytes in every field, in a
    field name, in the query string and in the path, too-long text; then every form of every page the role
    can open, sent back as shown and with one kind of value made hostile."""
    fuzzer = Fuzzer(world.users[role], role)
    forms: set = set()
    for pattern, url in urls(world, app_patterns()):
        fuzzer.fuzz(pattern, url, forms=forms)
    assert not fuzzer.failures, fuzzer.report()


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_no_admin_page_answers_hostile_input_with_a_500(world, role):
    """Every admin URL (each model's list, add, change, delete, history; the import, the NIP search) with every
    hostile query string and path, and junk and NUL bodies."""
    fuzzer = Fuzzer(world.users[role], role)
    for pattern, url in urls(world, admin_patterns()):
        fuzzer.fuzz(pattern, url, bodies=ADMIN_BODIES)
    assert not fuzzer.failures, fuzzer.report()


# The only tables a GET may write: the session's expiry, pushed forward at most once a minute (IdleSessionMiddleware);
# the payroll API's call log and per-token rate count, which every call writes by design (docs/rules.md §16.3).
WRITES_ALLOWED_ON_GET = {"django_session", "api_apicall", "api_apitokenusage"}


WRITES = re.compile(r'(?:\bINSERT\s+INTO|(?<!FOR )\bUPDATE|\bDELETE\s+FROM)\s+"(\w+)"', re.IGNORECASE)


def written_tables(queries) -> set[str]:
    """The tables written by these statements; pghistory prefixes a write with its context's SELECT, so the write
    is looked for anywhere in the statement."""
    return {table for query in queries for table in WRITES.findall(query["sql"])}


@pytest.mark.parametrize("role", [*ROLES[1:]])
def test_a_get_never_writes_on_any_page(world, role):
    """Every app and admin URL, opened with GET by every role, writes nothing (the audit trail would otherwise
    record page views, and a crawler or a prefetch could change data)."""
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    client.get(reverse("accounts:home"))  # the session's idle refresh happens here, once
    patterns = app_patterns() + (admin_patterns() if role in ADMIN_ROLES else [])
    offenders = []
    for _pattern, url in urls(world, patterns):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        if tables := written_tables(queries.captured_queries) - WRITES_ALLOWED_ON_GET:
            offenders.append(f"{url}: {sorted(tables)}")
    assert offenders == []
