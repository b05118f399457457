"""Printed documents, mounted at /cetak/: the print dialogs and the public verification page."""

from django.urls import path

from skp.views import cetak

app_name = "cetak"

urlpatterns = [
    path("skp/<int:pk>/", cetak.cetak_skp, name="skp"),
    path("v/<str:kode>/", cetak.verifikasi, name="verifikasi"),
]
