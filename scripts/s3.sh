# Sourced by test.sh: a throwaway S3-compatible server (moto in server mode) on loopback, for
# the tests of object storage. Exports OPORA_TEST_S3_ENDPOINT; s3_stop ends it.
s3_start() {
  S3_TMP=$(mktemp -d /tmp/opora-s3.XXXXXX)
  S3_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  .venv/bin/python -m moto.server -H 127.0.0.1 -p "$S3_PORT" >"$S3_TMP/log" 2>&1 &
  S3_PID=$!
  if ! .venv/bin/python - "$S3_PORT" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/moto-api/"
for _ in range(120):
    try:
        urllib.request.urlopen(url, timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.25)
sys.exit(1)
PY
  then
    echo "The S3 test server did not start:" >&2
    cat "$S3_TMP/log" >&2
    s3_stop
    return 1
  fi
  export OPORA_TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  echo "    S3 (moto) on 127.0.0.1:$S3_PORT"
}

s3_stop() {
  if [ -n "${S3_PID:-}" ]; then
    kill "$S3_PID" 2>/dev/null || true
    wait "$S3_PID" 2>/dev/null || true
    S3_PID=""
  fi
  if [ -n "${S3_TMP:-}" ]; then
    rm -rf "$S3_TMP"
  fi
  unset OPORA_TEST_S3_ENDPOINT
}
