"""Each app writes only its own models: a write to another app's data goes through that app's
services (issue 14). A static check over the AST of every app's services.py: it fails when an
app's services build, create, update, delete or save a model class that belongs to another app
of Opora (imported by name, or an instance bound from such a class or its manager). Instances
are recognised by name: a receiver named after another app's model (`organisation.save()`,
`meeting.case.save()`) counts; an instance under an unrelated name is not followed."""

import ast
import importlib
import pathlib
import re

from django.apps import apps
from django.db import models

ROOT = pathlib.Path(__file__).resolve().parents[2]  # the opora package
WRITE_METHODS = {
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "update",
    "delete",
    "save",
}


def _services_modules():
    return sorted(ROOT.glob("*/services.py"))


def _model_names(tree: ast.AST) -> dict[str, type]:
    """Names bound by `from <module> import X` (at any depth) that are model classes."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            try:
                module = importlib.import_module(node.module)
            except ImportError:
                continue
            for alias in node.names:
                obj = getattr(module, alias.name, None)
                if isinstance(obj, type) and issubclass(obj, models.Model) and not obj._meta.abstract:
                    found[alias.asname or alias.name] = obj
    return found


def _root_name(node):
    """`Task` for `Task.objects.filter(...).update`, `Task(...)`."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            break
    return node.id if isinstance(node, ast.Name) else None


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def foreign_writes(path: pathlib.Path) -> list[str]:
    """`path:line: <what>` for every write to another app's model in that services.py."""
    app_label = apps.get_containing_app_config(f"opora.{path.parent.name}.services").label
    tree = ast.parse(path.read_text(), filename=str(path))
    model_names = _model_names(tree)
    # Third-party models (django-otp's devices…) have no services of their own: the app using them owns them.
    foreign = {
        name: model
        for name, model in model_names.items()
        if model.__module__.startswith("opora.") and model._meta.app_label != app_label
    }
    # Variables bound to an instance of a foreign model: x = Foreign(...) / Foreign.objects.get(...)
    foreign_vars = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call | ast.Attribute)
            and _root_name(node.value) in foreign
        ):
            foreign_vars.update(t.id for t in node.targets if isinstance(t, ast.Name))
    # Receivers named after a model of another app (`organisation.save()`, `meeting.case.save()`).
    own = {_snake(m.__name__) for m in apps.get_app_config(app_label).get_models()}
    named = {
        _snake(m.__name__): m
        for m in apps.get_models()
        if m.__module__.startswith("opora.") and m._meta.app_label != app_label and _snake(m.__name__) not in own
    }
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in foreign:
            problems.append(f"{path.parent.name}/services.py:{node.lineno}: builds {foreign[func.id].__name__}")
        elif isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
            root = _root_name(func.value)
            if root in foreign or (root in foreign_vars and root not in model_names):
                what = foreign[root].__name__ if root in foreign else root
                problems.append(f"{path.parent.name}/services.py:{node.lineno}: {func.attr}() on {what}")
            elif func.attr in {"save", "delete"}:
                receiver = func.value
                last = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", None)
                if last in named:
                    problems.append(f"{path.parent.name}/services.py:{node.lineno}: {func.attr}() on {last}")
    return problems


def test_every_app_has_services_to_check():
    assert {p.parent.name for p in _services_modules()} >= {"cases", "meetings", "schools", "consents"}


def test_no_app_services_write_another_apps_models():
    problems = [problem for path in _services_modules() for problem in foreign_writes(path)]
    assert not problems, "writes past the owner's services:\n" + "\n".join(problems)


def test_the_check_catches_a_foreign_write(tmp_path):
    """The check itself is not blind: a meetings services module creating a case task is reported."""
    fake = tmp_path / "meetings" / "services.py"
    fake.parent.mkdir()
    fake.write_text(
        "from opora.cases.models import Task\n"
        "from opora.meetings.models import Meeting\n"
        "def a(case):\n    Task.objects.create(case=case, title='x')\n"
        "def b(case):\n    t = Task(case=case)\n    t.save()\n"
        "def c(case):\n    Task.objects.filter(case=case).update(title='y')\n"
        "def d(meeting):\n    meeting.save()\n    Meeting.objects.create()\n"
        "def e(meeting, organisation):\n    meeting.case.save()\n    organisation.save()\n"
    )
    problems = foreign_writes(fake)
    assert len(problems) == 6, problems
    assert all("Meeting" not in p for p in problems)
