"""Under /api/ a NUL byte is refused as everywhere else (core.middleware.RejectNulMiddleware: PostgreSQL cannot
store one), but in JSON, as the API's description promises for its 400, not with the HTML error page."""

from django.http import JsonResponse

from core.middleware import carries_nul


class ApiRejectNulMiddleware:
    """Before core's: it answers the API's requests, and leaves every other request to core's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/") and carries_nul(request):
            return JsonResponse({"detail": "Permintaan memuat karakter NUL, yang tidak dapat dibaca."}, status=400)
        return self.get_response(request)
