"""WSGI entry point (gunicorn ekinerja.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
application = get_wsgi_application()
