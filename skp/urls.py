from django.urls import path

from skp.views import daftar, detail, isi, mph

app_name = "skp"

urlpatterns = [
    path("", daftar.daftar, name="daftar"),
    path("tambah/", daftar.tambah, name="tambah"),
    path("bawahan/", daftar.bawahan, name="bawahan"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/ubah/", detail.ubah, name="ubah"),
    path("<int:pk>/hapus/", detail.hapus, name="hapus"),
    path("<int:pk>/muat-ulang/", detail.muat_ulang, name="muat_ulang"),
    path("<int:pk>/ajukan/", detail.ajukan, name="ajukan"),
    path("<int:pk>/status/", detail.edit_status, name="edit_status"),
    path("<int:pk>/rhk/tambah/", isi.rhk_tambah, name="rhk_tambah"),
    path("<int:pk>/rhk/<int:rhk_id>/ubah/", isi.rhk_ubah, name="rhk_ubah"),
    path("<int:pk>/rhk/<int:rhk_id>/hapus/", isi.rhk_hapus, name="rhk_hapus"),
    path("<int:pk>/rhk/<int:rhk_id>/geser/", isi.rhk_geser, name="rhk_geser"),
    path("<int:pk>/rhk/<int:rhk_id>/indikator/tambah/", isi.indikator_tambah, name="indikator_tambah"),
    path("<int:pk>/indikator/<int:indikator_id>/ubah/", isi.indikator_ubah, name="indikator_ubah"),
    path("<int:pk>/indikator/<int:indikator_id>/hapus/", isi.indikator_hapus, name="indikator_hapus"),
    path("<int:pk>/indikator/<int:indikator_id>/geser/", isi.indikator_geser, name="indikator_geser"),
    path("<int:pk>/lampiran/tambah/", isi.lampiran_tambah, name="lampiran_tambah"),
    path("<int:pk>/lampiran/<int:item_id>/ubah/", isi.lampiran_ubah, name="lampiran_ubah"),
    path("<int:pk>/lampiran/<int:item_id>/hapus/", isi.lampiran_hapus, name="lampiran_hapus"),
    path("<int:pk>/perilaku/<int:nomor>/ekspektasi/", isi.ekspektasi_ubah, name="ekspektasi_ubah"),
    path("<int:pk>/matriks/", mph.matriks, name="matriks"),
    path("<int:pk>/matriks/sinkronisasi/", mph.matriks_sinkronisasi, name="matriks_sinkronisasi"),
    path("<int:pk>/matriks/tambah-pegawai/", mph.matriks_tambah_pegawai, name="matriks_tambah_pegawai"),
    path("<int:pk>/matriks/<int:row_id>/rhk/<int:rhk_id>/", mph.matriks_rhk, name="matriks_rhk"),
    path("ajakan-matriks/<int:row_id>/", mph.matriks_ajakan, name="matriks_ajakan"),
]
