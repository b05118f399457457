"""WSGI app of the bare reference: `gunicorn benchmarks.bare.wsgi` from the repository root."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bare.settings")
application = get_wsgi_application()
