"""Printed documents, mounted at /cetak/: the print dialogs and the public verification page."""

from django.urls import path

from skp import views_cetak

app_name = "cetak"

urlpatterns = [
    path("skp/<int:pk>/", views_cetak.cetak_skp, name="skp"),
    path("v/<str:kode>/", views_cetak.verifikasi, name="verifikasi"),
]
