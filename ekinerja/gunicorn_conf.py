"""gunicorn settings for production: `gunicorn -c ekinerja/gunicorn_conf.py ekinerja.wsgi`."""

import os

# Only where the reverse proxy reaches it (loopback when it runs on the same machine): a client that could reach
# gunicorn directly could write its own X-Forwarded-For. docker-compose.yml binds the internal network instead.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads keep the database connection of each worker alive between requests (CONN_MAX_AGE).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
accesslog = "-"
# %(U)s is the path without the query string: a NIP typed into a search box must not reach a log line.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
