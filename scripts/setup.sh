#!/usr/bin/env bash
# Prepares this machine for Opora: Debian packages, virtual environment, pinned Python
# packages, compiled translations. Safe to run again; it only does what is missing.
#   scripts/setup.sh demo   – what the demo needs
#   scripts/setup.sh test   – plus chromium (browser tests) and postgresql (second database)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-demo}"

packages=(gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
if [ "$profile" = "test" ]; then
  packages+=(chromium postgresql)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v uv >/dev/null 2>&1; then
  echo "==> Installing uv"
  python3 -m pip install --quiet --disable-pip-version-check uv
fi
UV="$(command -v uv || echo "python3 -m uv")"

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv)"
  $UV venv --quiet --python "$(command -v python3.11 || command -v python3)" .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements/base.txt requirements/dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> Installing pinned Python packages"
  $UV pip sync --quiet --python .venv/bin/python --require-hashes requirements/base.txt requirements/dev.txt
  echo "$want" > "$stamp"
fi

mkdir -p var
echo "==> Compiling translations"
.venv/bin/python manage.py compilemessages --ignore=.venv -v0
