"""The shortcut for a column's identity (opora.core.orm) gives exactly Django's generic value."""

import pytest
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


@pytest.mark.django_db
def test_union_subquery_matches_the_ids_of_either_queryset_and_nothing_when_both_are_empty():
    from opora.cases.models import Case
    from opora.cases.tests.factories import CaseFactory
    from opora.core.orm import union_subquery

    a, b, c = CaseFactory(state="active"), CaseFactory(state="closed"), CaseFactory(state="active")
    led = Case.objects.filter(pk=a.pk).values("pk")
    closed = Case.objects.filter(state="closed").values("pk")
    assert set(Case.objects.filter(pk__in=union_subquery(led, closed))) == {a, b}
    assert set(Case.objects.filter(pk__in=union_subquery(Case.objects.none(), closed))) == {b}
    empty = union_subquery(Case.objects.none(), Case.objects.filter(pk__in=[]).values("pk"))
    assert c.pk and list(Case.objects.filter(pk__in=empty)) == []


def _displays():
    from functools import partialmethod

    for model in apps.get_models(include_auto_created=True):
        for name, method in model.__dict__.items():
            if getattr(method, "opora_fast_display", False):
                yield model, model._meta.get_field(name.removeprefix("get_").removesuffix("_display"))
            elif isinstance(method, partialmethod) and name.endswith("_display"):
                raise AssertionError(f"{model.__name__}.{name} kept Django's generated method")


@pytest.mark.parametrize("language", ["cs", "en"])
def test_every_choice_label_is_djangos_label_in_the_active_language(language):
    """The shortcut of get_FOO_display answers what Django's own method answers, for every
    choice of every model, an unknown value and an empty one, in each language."""
    from django.utils import translation

    checked = 0
    with translation.override(language):
        for model, field in _displays():
            for value in [*(v for v, _ in field.flatchoices), "unknown", None]:
                obj = model(**{field.attname: value})
                fast, django = getattr(obj, f"get_{field.name}_display")(), obj._get_FIELD_display(field)
                assert fast == django and type(fast) is type(django), (model, field.name, value)
                checked += 1
    assert checked > 200


def test_labels_follow_the_language_after_the_first_call():
    from django.utils import translation

    from opora.cases.models import Case

    case = Case(state="closed")
    with translation.override("en"):
        assert case.get_state_display() == "Closed"
    with translation.override("cs"):
        assert case.get_state_display() == "Ukončeno"
