"""The import direction between the layers (docs/architecture.md), as the contracts of
.importlinter state it: models and workflows below services and selectors, those below forms
and views, views imported only by their app's urls, the policy importing no services or views."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_the_layers_import_only_downwards():
    # Through this interpreter (not the console script, whose first line names the Python it
    # was installed with).
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [sys.executable, str(lint_imports), "--no-cache", "--config", ".importlinter"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
