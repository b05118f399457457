"""Who calls the API, and how often (docs/rules.md §16.2–§16.3): the bearer token of an instansi, looked up by its
digest; the token's calls per minute counted in PostgreSQL."""

import math

from django.conf import settings
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from api import permissions, services
from api.models import ApiToken
from api.tokens import MAX_LENGTH, token_digest
from core.replica import on_primary

UNKNOWN = (
    "Sertakan token API yang berlaku di header Authorization: Bearer <token>. Token dibuat oleh admin instansi "
    "di halaman admin (Token API)."
)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ekn_…`. No header, another scheme, an unknown, revoked or expired token: 401. Unlike
    ninja's own HttpBearer, the header is never logged, whatever it holds."""

    def __call__(self, request):
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, secret.strip())

    def authenticate(self, request, token: str) -> ApiToken | None:
        if not token or len(token) > MAX_LENGTH:
            return None
        with on_primary():  # a token just created or revoked counts at once, however far a replica lags
            found = ApiToken.objects.filter(digest=token_digest(token)).first()
        if found is None:
            return None
        refusal = permissions.token_refusal(found, timezone.now())
        if refusal:
            raise AuthenticationError(message=refusal)
        return found


class TokenRateThrottle(BaseThrottle):
    """settings.API_RATE_PER_MINUTE calls per token per clock minute; past it, 429 with Retry-After: the seconds
    left in the minute. The count lives in PostgreSQL (api_token_count_call), not in a per-process cache, so several
    app servers share it."""

    def allow_request(self, request) -> bool:
        calls = services.api_token_count_call(token_id=request.auth.pk, now=timezone.now())
        return calls <= settings.API_RATE_PER_MINUTE

    def wait(self) -> float:
        # Computed from the clock, not kept from allow_request: one throttle object serves every thread.
        now = timezone.now()
        return max(1, math.ceil(60 - now.second - now.microsecond / 1e6))
