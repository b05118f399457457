"""The bare reference for benchmarks/page_cost.py (issue 8): Django 5.2 with nothing but a view, a model and a
template. No session, auth, messages, CSRF, CSP or audit middleware, no context processors; the same PostgreSQL
database (DATABASE_URL) with the same persistent-connection settings as ekinerja/settings.py, DEBUG=false (so
the cached template loader is on). What every page of the app costs on top of this is the "fixed cost"."""

from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parents[2]
env = environ.Env()
environ.Env.read_env(ROOT / ".env", overwrite=False)

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["benchmarks.bare"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "benchmarks.bare.urls"
WSGI_APPLICATION = "benchmarks.bare.wsgi.application"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
LANGUAGE_CODE = "id"
USE_I18N = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
