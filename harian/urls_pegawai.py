"""Progres harian URLs: the pages of the pegawai (issue 11): the week view (the landing page), the month view, a daily
entry, and Target Bulanan."""

from django.urls import path

from harian.views import pegawai, pegawai_progres, pegawai_target

urlpatterns = [
    path("", pegawai.minggu, name="minggu"),
    path("bulan/", pegawai.bulan, name="bulan"),
    path("progres/tambah/", pegawai_progres.progres_tambah, name="progres_tambah"),
    path("progres/<int:progres_id>/ubah/", pegawai_progres.progres_ubah, name="progres_ubah"),
    path("progres/<int:progres_id>/hapus/", pegawai_progres.progres_hapus, name="progres_hapus"),
    path("target/", pegawai_target.target_pilih, name="target_pilih"),
    path("target/<int:skp_pk>/", pegawai_target.target, name="target"),
    path(
        "target/<int:skp_pk>/rhk/<int:rhk_id>/teknis/",
        pegawai_target.target_tambah,
        {"jenis": "teknis"},
        name="target_tambah_teknis",
    ),
    path(
        "target/<int:skp_pk>/rhk/<int:rhk_id>/konseptual/",
        pegawai_target.target_tambah,
        {"jenis": "konseptual"},
        name="target_tambah_konseptual",
    ),
    path("target/ubah/<int:target_id>/", pegawai_target.target_ubah, name="target_ubah"),
    path("target/hapus/<int:target_id>/", pegawai_target.target_hapus, name="target_hapus"),
]
