"""gunicorn configuration for Opora (production settings).

    DJANGO_SETTINGS_MODULE=config.settings .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi

Everything can be changed from the environment:

| variable | default | meaning |
|---|---|---|
| GUNICORN_BIND | 127.0.0.1:8000 | address (or unix:/run/opora/gunicorn.sock) |
| GUNICORN_WORKERS | number of CPU cores | worker processes |
| GUNICORN_THREADS | 4 | threads per worker (gthread: keep-alive connections are kept open) |
| GUNICORN_KEEPALIVE | 5 | seconds an idle keep-alive connection stays open |
| GUNICORN_TIMEOUT | 30 | a worker silent for longer is restarted |
| GUNICORN_MAX_REQUESTS | 5000 | a worker is replaced after this many requests (plus jitter) |
| GUNICORN_ACCESS_LOG | (off) | "-" for stdout or a file; one JSON object per request |
| GUNICORN_FORWARDED_ALLOW_IPS | 127.0.0.1 | proxies trusted for X-Forwarded-* |
| GUNICORN_GC_THRESHOLD | 50000 | threshold of the youngest GC generation in the workers |

The application is imported once in the master (`preload_app`), its objects are moved out of
the garbage collector's reach with `gc.freeze()` and shared copy-on-write by the workers, so a
full collection in a worker only walks what that worker allocated itself.
"""

import gc
import os
import sys
from pathlib import Path

# The repository root on the path, so `config.wsgi` imports without installing anything.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _env(name, default):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


bind = _env("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(_env("GUNICORN_WORKERS", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(_env("GUNICORN_THREADS", 4))
keepalive = int(_env("GUNICORN_KEEPALIVE", 5))
timeout = int(_env("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
max_requests = int(_env("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max(1, max_requests // 10)
preload_app = True
forwarded_allow_ips = _env("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The worker heartbeat file on a memory file system (a slow /tmp disk must not stall workers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
limit_request_line = 8190

accesslog = _env("GUNICORN_ACCESS_LOG", None)
# One JSON object per request; never the query string (it may carry a searched name).
access_log_format = (
    '{"time":"%(t)s","method":"%(m)s","path":"%(U)s","status":%(s)s,"bytes":%(B)s,'
    '"duration_us":%(D)s,"remote":"%(h)s","request_id":"%({x-request-id}i)s"}'
)
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")

GC_THRESHOLD = int(_env("GUNICORN_GC_THRESHOLD", 50_000))


def when_ready(server):
    """After the preloaded application is imported and before the first worker is forked."""
    from django.db import connections
    from django.urls import get_resolver
    from django.utils import translation

    # Import every view and load the catalogues once, in the master: shared by every worker.
    get_resolver().url_patterns  # noqa: B018
    for code in ("cs", "en"):
        translation.activate(code)
    translation.deactivate()
    # No connection opened while importing may be shared by the forked workers.
    connections.close_all()
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    # Fewer young-generation collections: a request allocates many short-lived objects, and
    # every tenth young collection triggers an older one.
    gc.set_threshold(GC_THRESHOLD, 20, 100)
