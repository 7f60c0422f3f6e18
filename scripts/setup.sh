#!/usr/bin/env bash
# Prepares this machine for Opora: Debian/Ubuntu packages, a Python the pins support, uv,
# the virtual environment, the pinned Python packages and the compiled translations.
# Safe to run again; it only does what is missing (a second run takes about a second).
#   scripts/setup.sh demo   – what the demo needs
#   scripts/setup.sh test   – plus chromium (browser tests) and postgresql (second database)
#
# Works on a fresh Debian 12 or Ubuntu 24.04 as root or as a user with sudo. Nothing is ever
# installed into the system Python with pip (PEP 668): uv comes from the distribution's package
# where there is one, else from a private bootstrap environment (.venv-bootstrap).
# The pins (requirements/*.txt) are resolved for every Python from 3.11 on (`--universal`);
# the versions tried are those of SUPPORTED_PYTHONS, oldest first.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-demo}"
SUPPORTED_PYTHONS="${OPORA_PYTHONS:-3.11 3.12}"
export UV_PYTHON_DOWNLOADS=never  # never fetch an interpreter from outside the package archives

die() {
  echo "setup.sh: $*" >&2
  exit 1
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
fi
apt_updated=""

# apt_install PKG... – install the packages that are not installed yet.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 ||
    die "these packages are missing and this is not a Debian/Ubuntu system: ${missing[*]}. Install them and run again."
  [ "$SUDO" != "none" ] ||
    die "these packages are missing: ${missing[*]}. Run this script as root or install sudo, or ask an administrator to run: apt-get install ${missing[*]}"
  echo "==> Installing packages: ${missing[*]}"
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq || die "apt-get update failed (no network or no permission?)."
    apt_updated=1
  fi
  # Through env: sudo drops the caller's environment, and then tzdata (pulled in by postgresql)
  # stopped a sudo user's run at an interactive time-zone question.
  $SUDO env DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "could not install: ${missing[*]} (see the messages above)."
}

# apt_has PKG – the package exists in the configured archives.
apt_has() {
  [ "$SUDO" != "none" ] && command -v apt-cache >/dev/null 2>&1 || return 1
  if [ -z "$apt_updated" ] && [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v -e lock -e partial)" ]; then
    $SUDO apt-get update -qq && apt_updated=1
  fi
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

# --- Distribution packages ---------------------------------------------------------------
# WeasyPrint (PDFs) needs pango; it subsets fonts with harfbuzz-subset (Ubuntu 24.04's pango
# does not bring it, and WeasyPrint warns that future versions will require it).
packages=(ca-certificates gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
# The browser tests drive $OPORA_CHROMIUM, by default Debian's /usr/bin/chromium. Ubuntu has no
# Chromium .deb: its `chromium` is only a name the snap's stub package (chromium-browser)
# provides, which installs snapd and no /usr/bin/chromium — so install `chromium` only where
# it is a real package, and say at the end what to do where it is not.
CHROMIUM="${OPORA_CHROMIUM:-/usr/bin/chromium}"
if [ "$profile" = "test" ]; then
  # libatomic1: the Node.js that drives Playwright (its "driver") needs it, and neither a
  # minimal Debian 12 nor Ubuntu 24.04 nor the chromium package brings it.
  packages+=(postgresql libatomic1)
  if [ -z "${OPORA_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ] && apt_has chromium; then
    packages+=(chromium)
  fi
fi
apt_install "${packages[@]}"

# --- A Python the pins support -------------------------------------------------------------
find_python() {
  local v candidate real
  for v in $SUPPORTED_PYTHONS; do
    for candidate in "$(command -v "python$v" 2>/dev/null || true)" "/usr/bin/python$v"; do
      # The real interpreter, not a shim (pyenv) that depends on the caller's environment.
      if [ -n "$candidate" ] && [ -x "$candidate" ] && real=$("$candidate" -c 'import sys; print(sys.executable)' 2>/dev/null); then
        echo "$real"
        return 0
      fi
    done
  done
  return 1
}
PYTHON=$(find_python || true)
if [ -z "$PYTHON" ]; then
  # The distribution's default python3 is 3.11 on Debian 12 and 3.12 on Ubuntu 24.04.
  for v in $SUPPORTED_PYTHONS; do
    if apt_has "python$v"; then
      apt_install "python$v"
      break
    fi
  done
  PYTHON=$(find_python || true)
fi
[ -n "$PYTHON" ] || die "no supported Python found. Opora's pins are resolved for Python ${SUPPORTED_PYTHONS// / or }, \
and none of them is installed or available from this system's package archives. Install one (e.g. \
'apt-get install python3.11' on Debian 12, 'apt-get install python3.12' on Ubuntu 24.04, or a build \
of your own on the PATH as python3.11) and run this script again."
PY_VERSION=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')

# --- uv, without pip in the system Python ----------------------------------------------------
BOOTSTRAP=.venv-bootstrap
if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
  UV=$(command -v uv)
elif [ -x "$BOOTSTRAP/bin/uv" ]; then
  UV="$BOOTSTRAP/bin/uv"
elif apt_has uv; then
  apt_install uv
  UV=$(command -v uv)
else
  echo "==> Installing uv into a private bootstrap environment ($BOOTSTRAP)"
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    # Debian and Ubuntu ship venv's pip seed separately.
    apt_has "python$PY_VERSION-venv" && apt_install "python$PY_VERSION-venv" || apt_install python3-venv
  fi
  rm -rf "$BOOTSTRAP"
  "$PYTHON" -m venv "$BOOTSTRAP" || die "could not create $BOOTSTRAP with $PYTHON (is python$PY_VERSION-venv installed?)."
  "$BOOTSTRAP/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
    -r requirements/bootstrap.txt || die "could not install uv from the package index into $BOOTSTRAP."
  UV="$BOOTSTRAP/bin/uv"
fi

# --- The virtual environment and the pinned packages -----------------------------------------
if [ -x .venv/bin/python ]; then
  venv_version=$(.venv/bin/python -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || echo "?")
  case " $SUPPORTED_PYTHONS " in
    *" $venv_version "*) ;;
    *) die ".venv runs Python $venv_version, which the pins do not support (${SUPPORTED_PYTHONS}). Remove .venv and run again." ;;
  esac
else
  echo "==> Creating the virtual environment (.venv, Python $PY_VERSION)"
  "$UV" venv --quiet --python "$PYTHON" .venv || die "could not create .venv with $PYTHON."
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements/base.txt requirements/dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> Installing pinned Python packages"
  # uv trusts only its bundled root certificates unless told otherwise; apt and the
  # distribution's pip (which installed the bootstrap uv) trust the system's store, which is
  # where a network with a TLS-inspecting proxy puts its CA. Trust the same store (an explicit
  # setting of the caller wins; older uv releases spell it UV_NATIVE_TLS).
  if "$UV" pip sync --help 2>/dev/null | grep -q UV_SYSTEM_CERTS; then
    export UV_SYSTEM_CERTS="${UV_SYSTEM_CERTS:-1}"
  else
    export UV_NATIVE_TLS="${UV_NATIVE_TLS:-1}"
  fi
  "$UV" pip sync --quiet --python .venv/bin/python --require-hashes requirements/base.txt requirements/dev.txt ||
    die "could not install the pinned packages (see above); the package index must be reachable."
  echo "$want" >"$stamp"
fi

mkdir -p var
echo "==> Compiling translations"
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=.venv-bootstrap -v0

if [ "$profile" = "test" ] && [ ! -x "$CHROMIUM" ]; then
  if [ -n "${OPORA_CHROMIUM:-}" ]; then
    die "OPORA_CHROMIUM=$OPORA_CHROMIUM is not an executable file. Point it at a Chromium or Google Chrome binary and run again."
  fi
  die "everything else is ready, but the browser tests (tests/browser) need a Chromium: there is none at \
/usr/bin/chromium and none could be installed from this system's package archives (Ubuntu ships Chromium \
only as a snap, whose confinement the tests do not support). Install Chromium or Google Chrome from a .deb \
(e.g. google-chrome-stable from Google's apt repository), or let Playwright download its own build \
(.venv/bin/python -m playwright install --with-deps chromium, which puts it under \
~/.cache/ms-playwright/chromium-*/chrome-linux64/chrome), then run again with OPORA_CHROMIUM set to that \
binary, e.g. OPORA_CHROMIUM=/usr/bin/google-chrome-stable make test. 'make demo' needs no browser."
fi
