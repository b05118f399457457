"""/api/: the versioned API (v1 now), every call logged, and a JSON 404 for any other path under /api/."""

from django.http import JsonResponse
from django.urls import path, re_path

from api.calls import call_logged
from api.v1 import api as v1


def _logged(patterns):
    for pattern in patterns:
        pattern.callback = call_logged(pattern.callback)
    return patterns


def not_found(request):
    return JsonResponse(
        {"detail": "Tidak ada alamat API ini. Lihat /api/v1/docs atau /api/v1/openapi.json."}, status=404
    )


v1_patterns, v1_app_name, v1_namespace = v1.urls

urlpatterns = [
    path("v1/", (_logged(v1_patterns), v1_app_name, v1_namespace)),
    re_path(r"^.*$", call_logged(not_found)),
]
