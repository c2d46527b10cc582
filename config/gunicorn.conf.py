"""gunicorn configuration: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`.

Every value can be set in the environment (GUNICORN_*), so one file serves a small VM and a large container.
"""

import multiprocessing
import os

_env = os.environ.get

bind = _env("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Sync workers, (2 x CPUs) + 1 by default: requests are short and mostly wait for the database or the index.
workers = int(_env("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
# A request that runs longer than this is stuck: its worker is killed and replaced.
timeout = int(_env("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (deploy, shutdown) running requests get this long to finish.
graceful_timeout = int(_env("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(_env("GUNICORN_KEEPALIVE", "5"))
# Workers are replaced now and then, so a slow leak in any library cannot grow without bound.
max_requests = int(_env("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(_env("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The TLS-terminating proxy in front sets X-Forwarded-*; trust it only from these addresses.
forwarded_allow_ips = _env("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log to stdout, one JSON object per request with the request id the app echoed in X-Request-ID.
accesslog = _env("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = _env("GUNICORN_LOGLEVEL", "info")
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s", "user_agent": "%(a)s"}'
)

# The application is loaded once in the master before the workers fork: less memory, and a configuration error
# (e.g. a missing DJANGO_SECRET_KEY or broker URL) stops the server at once instead of failing worker after worker.
preload_app = True
# No runtime control socket: its default path is one per user, which several servers on one host would share;
# workers are managed with signals (HUP reload, TERM graceful stop, TTIN/TTOU more/fewer workers).
control_socket_disable = True


def pre_fork(server: object, worker: object) -> None:
    """Move everything the preloaded application created into the GC's permanent generation before a worker forks:
    the cyclic collector then never walks those objects during a request (a full pass over them took ~100 ms at 100k
    postings in bench/search.py), and the workers share their pages with the master instead of copying them."""
    import gc

    gc.freeze()
