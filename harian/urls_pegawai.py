"""Progres harian URLs: the pages of the pegawai (issue 11)."""

from django.urls import path  # noqa: F401

urlpatterns = []
