"""deploy/gunicorn.conf.py: keep-alive capable workers, preloaded and frozen, sized from the environment."""

import gc
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"


def test_the_config_uses_threaded_workers_sized_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "6")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "1000")
    conf = runpy.run_path(str(CONFIG))
    assert conf["worker_class"] == "gthread"  # the sync worker answers "Connection: close"
    assert (conf["bind"], conf["workers"], conf["threads"]) == (["127.0.0.1:9001"], 3, 6)
    assert conf["preload_app"] is True
    assert conf["max_requests"] == 1000 and conf["max_requests_jitter"] > 0
    assert conf["accesslog"] is None


def test_the_master_freezes_the_preloaded_objects_before_forking():
    conf = runpy.run_path(str(CONFIG))
    try:
        conf["when_ready"](server=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
