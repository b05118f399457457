"""The opaque cursor of the predikat feed (docs/rules.md §16.4): the position (updated_at, id) of a page's last row,
with the instansi and the filters it was made for, signed with SECRET_KEY. A cursor cannot be forged, nor used with
another instansi's token or other filters: it only ever moves a reader along the rows its token already reaches."""

import datetime

from django.core import signing

SALT = "api.predikat.cursor"


class CursorInvalid(ValueError):
    """A cursor that was not made by us, or not for this token's instansi."""


def cursor_make(*, instansi_id: int, filters: dict, updated_at: datetime.datetime, periode_id: int) -> str:
    return signing.dumps(
        {"i": instansi_id, "f": filters, "u": updated_at.isoformat(), "p": periode_id}, salt=SALT, compress=True
    )


def cursor_read(text: str, *, instansi_id: int) -> tuple[dict, datetime.datetime, int]:
    """The filters and the position a cursor carries, or CursorInvalid."""
    try:
        data = signing.loads(text, salt=SALT)
        if data["i"] != instansi_id:
            raise CursorInvalid("cursor dibuat untuk instansi lain")
        return dict(data["f"]), datetime.datetime.fromisoformat(data["u"]), int(data["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise CursorInvalid(str(error)) from error
