"""Progres harian's pages: the pegawai's (Target Bulanan, Progres Harian) and the atasan's (the monthly check,
the import, the recap print), each list in its own module."""

from harian.urls_atasan import urlpatterns as atasan
from harian.urls_pegawai import urlpatterns as pegawai

app_name = "harian"

urlpatterns = [*pegawai, *atasan]
