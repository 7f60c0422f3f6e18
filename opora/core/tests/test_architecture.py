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


def test_views_are_thin_and_read_through_selectors():
    """Views (docs/architecture.md): at most ~30 lines each, no ORM query of their own."""
    import ast
    import re

    root = Path(settings.BASE_DIR) / "opora"
    long_views, queries = [], []
    for path in sorted(root.glob("*/views.py")):
        text = path.read_text()
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 30:
                long_views.append(f"{path.parent.name}.{node.name}")
        queries += [
            f"{path.parent.name}:{text.count(chr(10), 0, m.start()) + 1}" for m in re.finditer(r"\.objects\.", text)
        ]
    assert not long_views, long_views
    # The case page's base queryset (what the policy fetches from) is the one exception.
    assert len(queries) <= 1, queries


def test_the_policy_decides_by_the_facts_a_stand_in_membership_carries():
    """Compiled queries ask the policy about a stand-in membership (``access.stand_in``) built of
    a membership's role, organisation, id and school: the policy must read no other fact of a
    membership, or a compiled query would be decided on a blank one."""
    import re

    source = (Path(settings.BASE_DIR) / "opora" / "access.py").read_text()
    read = set(re.findall(r"\bmembership\.([a-z_]+)", source))
    # .organisation and .school are objects read for a page (never inside a query).
    assert read <= {"role", "organisation_id", "pk", "school_id", "organisation", "school"}, read
