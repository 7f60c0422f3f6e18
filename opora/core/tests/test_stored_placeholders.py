"""Issue 11: a stored placeholder (the anonymisation marker) is shown in the reader's language."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from opora.cases.models import Student
from opora.core.privacy import ANONYMISED, shown

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "word"), [("en", "Anonymised"), ("cs", "Anonymizováno")])
def test_an_anonymised_student_reads_in_the_viewers_language(world, login, language, word):
    Student.objects.filter(pk=world.case.student_id).update(first_name=ANONYMISED)
    client = login(Client(), world.members["coordinator"])
    for url in (reverse("cases:detail", args=[world.case.pk]), reverse("cases:list")):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert word in html
        if language == "en":
            assert ANONYMISED not in html
    with translation.override(language):
        assert str(Student.objects.get(pk=world.case.student_id)).startswith(word)


def test_other_text_is_shown_as_stored():
    assert shown("Jana") == "Jana" and shown("") == ""
