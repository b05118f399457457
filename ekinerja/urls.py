"""Top-level URLs: each app mounts its own; the admin instansi works in /admin/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminLoginForm
from accounts.urls import urlpatterns as accounts_urlpatterns
from ekinerja import views

admin.site.login_form = AdminLoginForm  # the same throttle message as /masuk/ (accounts/throttle.py)
admin.site.site_header = "Administrasi e-Kinerja"
admin.site.site_title = "Admin e-Kinerja"
admin.site.index_title = "Data master instansi"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("skp/", include("skp.urls")),
    path("cetak/", include("skp.urls_cetak")),
    path("penilaian/", include("penilaian.urls")),
    path("harian/", include("harian.urls")),
    path("laporan/", include("laporan.urls")),
    path("api/", include("api.urls")),  # the read-only payroll API (docs/api.md): bearer tokens, no session
    # Beranda reads every app, so its view lives up here; it keeps the name "accounts:home" that the menu, the
    # error pages and LOGIN_REDIRECT_URL use, by joining the accounts patterns in that namespace (decision 0015).
    path("", include(([path("", views.beranda, name="home"), *accounts_urlpatterns], "accounts"))),
]

if settings.BENCHMARK_ENDPOINTS:
    from ekinerja.bench_views import twenty_rows

    urlpatterns.insert(0, path("bench/twenty-rows/", twenty_rows))
