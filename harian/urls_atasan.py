"""Progres harian URLs: the atasan's Persetujuan Bulanan and Kreativitas, the import of a file of entries, the recap
print of a month and the Realisasi pre-fill of a penilaian period (issue 11)."""

from django.urls import path

from harian.views import atasan, atasan_bulan, cetak, impor, realisasi

urlpatterns = [
    path("atasan/", atasan.daftar, name="atasan"),
    path("atasan/<int:pk>/", atasan_bulan.bulan, name="atasan_bulan"),
    path("atasan/<int:pk>/kesesuaian/", atasan_bulan.kesesuaian, name="atasan_kesesuaian"),
    path("atasan/<int:pk>/kualitas/", atasan_bulan.kualitas, name="atasan_kualitas"),
    path("atasan/<int:pk>/setujui/", atasan_bulan.setujui, name="atasan_setujui"),
    path("atasan/skp/<int:skp_pk>/kreativitas/", atasan.kreativitas, name="kreativitas"),
    path("rekap/<int:pk>/cetak/", cetak.cetak_rekap, name="cetak_rekap"),
    path("impor/", impor.impor, name="impor"),
    path("impor/templat.xlsx", impor.impor_templat, name="impor_templat"),
    path("impor/simpan/", impor.impor_simpan, name="impor_simpan"),
    path("realisasi/<int:periode_pk>/", realisasi.isi_realisasi, name="isi_realisasi"),
]
