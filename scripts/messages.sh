#!/usr/bin/env bash
# Updates the Czech catalogues of every app (or only those named) and compiles them.
#   scripts/messages.sh            – all apps and the project templates
#   scripts/messages.sh cases      – only opora/cases
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  apps=(); for d in opora/*/; do [ -d "$d/locale" ] && apps+=("$(basename "$d")"); done
  (cd "$root" && .venv/bin/python manage.py makemessages -l cs --no-location --no-obsolete -i '.venv/*' -i 'opora/*' -i 'var/*' -v0)
fi
for app in "${apps[@]}"; do
  mkdir -p "opora/$app/locale"
  (cd "opora/$app" && DJANGO_SETTINGS_MODULE=config.settings_demo PYTHONPATH="$root" "$root/.venv/bin/django-admin" makemessages -l cs --no-location --no-obsolete -v0)
done
.venv/bin/python manage.py compilemessages --ignore=.venv -v0
