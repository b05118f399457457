"""Progres harian URLs: the pages of the atasan, the import and the recap print (issue 11)."""

from django.urls import path  # noqa: F401

urlpatterns = []
