"""Top-level URLs: each app mounts its own; the admin instansi works in /admin/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminLoginForm

admin.site.login_form = AdminLoginForm  # the same throttle message as /masuk/ (accounts/throttle.py)
admin.site.site_header = "Administrasi e-Kinerja"
admin.site.site_title = "Admin e-Kinerja"
admin.site.index_title = "Data master instansi"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("skp/", include("skp.urls")),
    path("cetak/", include("skp.urls_cetak")),
    path("penilaian/", include("penilaian.urls")),
    path("", include("accounts.urls")),
]

if settings.BENCHMARK_ENDPOINTS:
    from ekinerja.bench_views import twenty_rows

    urlpatterns.insert(0, path("bench/twenty-rows/", twenty_rows))
