from django.urls import path

from skp import views

app_name = "skp"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("tambah/", views.tambah, name="tambah"),
    path("bawahan/", views.bawahan, name="bawahan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.ubah, name="ubah"),
    path("<int:pk>/hapus/", views.hapus, name="hapus"),
    path("<int:pk>/muat-ulang/", views.muat_ulang, name="muat_ulang"),
    path("<int:pk>/ajukan/", views.ajukan, name="ajukan"),
    path("<int:pk>/status/", views.edit_status, name="edit_status"),
    path("<int:pk>/rhk/tambah/", views.rhk_tambah, name="rhk_tambah"),
    path("<int:pk>/rhk/<int:rhk_id>/ubah/", views.rhk_ubah, name="rhk_ubah"),
    path("<int:pk>/rhk/<int:rhk_id>/hapus/", views.rhk_hapus, name="rhk_hapus"),
    path("<int:pk>/rhk/<int:rhk_id>/geser/", views.rhk_geser, name="rhk_geser"),
    path("<int:pk>/rhk/<int:rhk_id>/indikator/tambah/", views.indikator_tambah, name="indikator_tambah"),
    path("<int:pk>/indikator/<int:indikator_id>/ubah/", views.indikator_ubah, name="indikator_ubah"),
    path("<int:pk>/indikator/<int:indikator_id>/hapus/", views.indikator_hapus, name="indikator_hapus"),
    path("<int:pk>/indikator/<int:indikator_id>/geser/", views.indikator_geser, name="indikator_geser"),
    path("<int:pk>/lampiran/tambah/", views.lampiran_tambah, name="lampiran_tambah"),
    path("<int:pk>/lampiran/<int:item_id>/ubah/", views.lampiran_ubah, name="lampiran_ubah"),
    path("<int:pk>/lampiran/<int:item_id>/hapus/", views.lampiran_hapus, name="lampiran_hapus"),
    path("<int:pk>/perilaku/<int:nomor>/ekspektasi/", views.ekspektasi_ubah, name="ekspektasi_ubah"),
    path("<int:pk>/matriks/", views.matriks, name="matriks"),
    path("<int:pk>/matriks/sinkronisasi/", views.matriks_sinkronisasi, name="matriks_sinkronisasi"),
    path("<int:pk>/matriks/tambah-pegawai/", views.matriks_tambah_pegawai, name="matriks_tambah_pegawai"),
    path("<int:pk>/matriks/<int:row_id>/rhk/<int:rhk_id>/", views.matriks_rhk, name="matriks_rhk"),
]
