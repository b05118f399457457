"""Version 1 of the read-only payroll API (docs/api.md, docs/rules.md §16): the predikat of an instansi's pegawai per
period, its periods and its units, for a bearer token of that instansi. Thin views: the token's instansi is the
scope of every read; rules in api.permissions, reads in api.feed."""

from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger

from api import feed, permissions
from api.auth import UNKNOWN, TokenAuth, TokenRateThrottle
from api.cursor import CursorInvalid, cursor_make, cursor_read
from api.models import Scope
from api.schemas import ERRORS, PeriodeItem, PredikatPage, PredikatQuery, UnitItem
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating

DESCRIPTION = """Predikat Kinerja pegawai per periode untuk sistem penggajian (TPP/Tukin) dan sistem lain, hanya
baca. Setiap panggilan memakai token API instansi (dibuat admin instansi di halaman admin, **Token API**) di header
`Authorization: Bearer <token>` dan hanya menjangkau data instansi token itu. Panduan dan contoh klien: docs/api.md."""

api = NinjaAPI(
    title="e-Kinerja API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)


def _error(request, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    message = exc.message if exc.message != "Unauthorized" else UNKNOWN
    response = _error(request, 401, message)
    response["WWW-Authenticate"] = 'Bearer realm="e-Kinerja API"'
    return response


@api.exception_handler(AuthorizationError)
def _forbidden(request, exc):
    return _error(request, 403, exc.message)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    return _error(
        request, 429, "Terlalu banyak panggilan dengan token ini dalam semenit. Coba lagi setelah Retry-After."
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = [{"loc": [str(part) for part in e.get("loc", [])], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return _error(request, 422, "Parameter tidak valid.", errors=errors)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "Tidak ditemukan.")


def _require(request, scope: Scope) -> int:
    """The token's instansi, when the token has this scope; 403 otherwise."""
    if not permissions.has_scope(request.auth, scope):
        raise AuthorizationError(message=f"Token ini tidak berizin {scope.value}. Minta admin instansi menambahkannya.")
    return request.auth.instansi_id


# Each choice's label by value, read once: Choices(value).label per field per row cost more than the page's SQL.
LABELS = {choices: dict(choices.choices) for choices in (Rating, Predikat, CapaianOrganisasi)}


def _coded(choices, value: str) -> dict | None:
    label = LABELS[choices].get(value)
    return {"kode": value, "nama": label} if label is not None else None


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _row(row: dict) -> dict:
    return {
        "id": row["pk"],
        "nip": row["nip"],
        "nama": row["nama"],
        "jabatan": row["jabatan"],
        "unit_kerja": {"id": row["unit_id"], "nama": row["unit_nama"], "path": row["unit_path"]}
        if row["unit_id"]
        else None,
        "periode": {
            "kode": row["kode"],
            "nama": row["periode_nama"],
            "mulai": row["mulai"],
            "selesai": row["selesai"],
            "status": row["status"],
        },
        "rating_hasil_kerja": _coded(Rating, row["rating_hasil_kerja"]),
        "rating_perilaku_kerja": _coded(Rating, row["rating_perilaku"]),
        "predikat_kinerja": _coded(Predikat, row["predikat"]),
        "capaian_organisasi": _coded(CapaianOrganisasi, row["capaian"]),
        "persentase_tpp": _decimal(row["tpp"]),
        "angka_kredit": _decimal(row["angka_kredit"]),
        "updated_at": timezone.localtime(row["updated_at"]),
    }


def _filters(query: PredikatQuery, instansi_id: int):
    """The filters of this page and where it starts: from the query, or from the cursor (which must agree)."""
    since = query.updated_since
    if since is not None:
        try:
            since = timezone.make_aware(since) if timezone.is_naive(since) else since
            since = since.astimezone(timezone.get_current_timezone())
        except (OverflowError, ValueError) as error:
            raise HttpError(400, "updated_since di luar rentang waktu yang dapat dibaca.") from error
    asked = feed.Filters(periode=query.periode, unit_kerja=query.unit_kerja, updated_since=since)
    if query.cursor is None:
        return asked, None
    try:
        carried, updated_at, periode_id = cursor_read(query.cursor, instansi_id=instansi_id)
        filters = feed.Filters.from_dict(carried)
    except (CursorInvalid, ValueError, TypeError) as error:
        raise HttpError(400, "cursor tidak valid: pakai next_cursor dari halaman sebelumnya.") from error
    for name, value in asked.as_dict().items():
        if value is not None and value != filters.as_dict()[name]:
            raise HttpError(400, f"Filter {name} berbeda dengan yang dibawa cursor. Mulai lagi tanpa cursor.")
    return filters, (updated_at, periode_id)


@api.get(
    "/predikat",
    response={200: PredikatPage, **ERRORS},
    operation_id="predikat_list",
    summary="Predikat per pegawai per periode",
)
def predikat_list(request, query: Query[PredikatQuery]):
    """Satu halaman baris predikat instansi token, urut waktu perubahan (updated_at, lalu id). Baca semua halaman
    dengan mengirim next_cursor sampai null. Untuk sinkronisasi berkala, kirim updated_since."""
    instansi_id = _require(request, Scope.PREDIKAT_BACA)
    filters, after = _filters(query, instansi_id)
    path = None
    if filters.unit_kerja is not None:
        path = feed.unit_path(instansi_id=instansi_id, unit_kerja_id=filters.unit_kerja)
        if path is None:
            raise HttpError(404, "Unit kerja tidak ditemukan di instansi token ini.")
    rows, more = feed.predikat_page(instansi_id=instansi_id, filters=filters, path=path, after=after, limit=query.limit)
    last = rows[-1] if more else None
    next_cursor = (
        cursor_make(
            instansi_id=instansi_id, filters=filters.as_dict(), updated_at=last["updated_at"], periode_id=last["pk"]
        )
        if last
        else None
    )
    return {"items": [_row(row) for row in rows], "next_cursor": next_cursor}


@api.get(
    "/periode",
    response={200: list[PeriodeItem], **ERRORS},
    operation_id="periode_list",
    summary="Periode yang ada di data instansi",
)
def periode_list(request):
    """Kode periode yang punya baris predikat di instansi token, untuk filter periode."""
    return feed.periode_list(instansi_id=_require(request, Scope.PREDIKAT_BACA))


@api.get(
    "/unit-kerja",
    response={200: list[UnitItem], **ERRORS},
    operation_id="unit_kerja_list",
    summary="Unit kerja instansi",
)
def unit_kerja_list(request):
    """Semua unit kerja instansi token, dari akar ke bawah, untuk filter unit_kerja."""
    return feed.unit_list(instansi_id=_require(request, Scope.UNIT_KERJA_BACA))
