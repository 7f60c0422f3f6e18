"""The deployment examples agree with the settings and with the README."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"


def test_every_deploy_file_is_referenced_from_the_readme():
    readme = (ROOT / "README.md").read_text()
    for path in DEPLOY.iterdir():
        if path.name == "gunicorn.conf.py":
            continue  # the throughput work documents it
        assert f"deploy/{path.name}" in readme, path.name


def test_nginx_accepts_an_upload_of_the_apps_limit():
    conf = (DEPLOY / "nginx.conf").read_text()
    value = re.search(r"client_max_body_size\s+(\d+)([km]?);", conf)
    size = int(value.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[value.group(2)]
    default_limit = 10 * 1024 * 1024
    assert size >= settings.OPORA_UPLOAD_MAX_BYTES
    # The body carries the file plus the form around it, but not much more.
    assert default_limit < size <= default_limit + 2 * 1024 * 1024


def test_nginx_passes_what_the_app_relies_on_and_logs_no_query_strings():
    conf = (DEPLOY / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert "proxy_set_header X-Request-ID $request_id;" in conf
    log_format = conf[conf.index("log_format") : conf.index(";", conf.index("log_format"))]
    assert "$request " not in log_format and "$args" not in log_format and "$request_uri" not in log_format


def test_the_units_run_gunicorn_with_its_config_and_the_daily_commands():
    unit = (DEPLOY / "opora.service").read_text()
    assert "gunicorn --config deploy/gunicorn.conf.py" in unit
    daily = (DEPLOY / "opora-daily.service").read_text()
    from django.core.management import get_commands

    commands = re.findall(r"manage\.py (\S+)", daily)
    assert "anonymise_expired_cases" in commands and "backup" in commands
    assert set(commands) <= set(get_commands())
    assert "OnCalendar=" in (DEPLOY / "opora-daily.timer").read_text()
