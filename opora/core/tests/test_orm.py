"""The shortcut for a column's identity (opora.core.orm) gives exactly Django's generic value."""

from django.apps import apps
from django.db.models.expressions import Col

from opora.core.orm import _generic_identity


def _columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            col = field.get_col(model._meta.db_table)
            yield col
            yield field.get_col("T4", output_field=field)
            yield Col("T2", field)
            yield Col(None, field)
            yield col.relabeled_clone({model._meta.db_table: "U0"})


def test_every_columns_identity_is_djangos_generic_identity():
    assert "identity" in Col.__dict__  # installed by CoreConfig.ready()
    n = 0
    for col in _columns():
        assert col.identity == _generic_identity(col), col
        n += 1
    assert n > 500


def test_equal_and_different_columns_compare_as_before():
    from opora.cases.models import Case

    number, state = Case._meta.get_field("number"), Case._meta.get_field("state")
    assert Col("T1", number) == Col("T1", number) and hash(Col("T1", number)) == hash(Col("T1", number))
    assert Col("T1", number) != Col("T2", number)
    assert Col("T1", number) != Col("T1", state)
    assert Col("T1", number) != Col("T1", number, state)
