"""Two-click recording: from the case list row and the case header, a quick form saves an
activity through the cases service; invalid input changes nothing."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from opora.audit.models import AuditEvent
from opora.cases import forms
from opora.cases.models import Activity, Case

pytestmark = pytest.mark.django_db


def _post(client, case, **data):
    payload = {"kind": "call", "occurred_on": timezone.localdate().isoformat(), "note": "Telefonát s matkou"}
    payload.update(data)
    return client.post(reverse("cases:quick_record", args=[case.pk]), payload, **payload.pop("headers", {}))


def test_the_case_list_row_and_the_header_offer_the_form_with_a_call_and_today(world, login):
    client = login(Client(), world.members["case_manager"])
    today = timezone.localdate().isoformat()
    cases = reverse("cases:list")
    # A filtered list too: its own filter form is bound, the rows' quick forms are not.
    for url in (cases, f"{cases}?state=open", reverse("cases:detail", args=[world.case.pk])):
        body = client.get(url).content.decode()
        assert f'action="{reverse("cases:quick_record", args=[world.case.pk])}"' in body
        assert '<option value="call" selected>' in body
        assert f'name="occurred_on" id="qd-{world.case.pk}" required value="{today}"' in body
        assert f'data-testid="quick-record-{world.case.number}"' in body


def test_each_row_of_the_list_has_its_own_quick_form(world, login):
    """The form is rendered once per page and stamped per row: every open case gets its own
    ids, action and number, and the next page to return to is the list."""
    from opora.cases.tests.factories import CaseFactory

    cm = world.members["case_manager"]
    other = CaseFactory(organisation=cm.organisation, lead=cm, state="active")
    client = login(Client(), cm)
    body = client.get(reverse("cases:list") + "?page=1").content.decode()
    for case in (world.case, other):
        assert body.count(f'action="{reverse("cases:quick_record", args=[case.pk])}"') == 1
        assert body.count(f'id="qk-{case.pk}"') == 1 and body.count(f'for="qn-{case.pk}"') == 1
        assert f'data-testid="quick-open-{case.number}"' in body
    assert body.count('name="next" value="/cases/?page=1"') == body.count('class="quick-record"') >= 2


def test_a_call_is_saved_without_javascript_and_counts_as_contact(world, login):
    client = login(Client(), world.members["case_manager"])
    before = Activity.objects.count()
    response = _post(client, world.case, next="/cases/?state=open")
    assert response.status_code == 302 and response["Location"] == "/cases/?state=open"
    item = Activity.objects.latest("pk")
    assert Activity.objects.count() == before + 1
    assert (item.kind, item.note, item.occurred_on, item.created_by) == (
        "call",
        "Telefonát s matkou",
        timezone.localdate(),
        world.members["case_manager"],
    )
    assert Case.objects.get(pk=world.case.pk).last_contact_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="cases.activity_save", object_id=str(item.pk)).exists()


def test_with_htmx_the_row_gets_the_confirmation_in_place(world, login):
    client = login(Client(), world.members["case_manager"])
    response = _post(client, world.case, headers={"HTTP_HX_REQUEST": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="quick-' in body and 'role="status"' in body and "<html" not in body


def test_after_the_confirmation_in_place_the_next_record_can_follow(world, login):
    """A call to the mother, then one to the school, from the same row: the form that comes back
    with the confirmation offers a call, today and an empty note, and returns to the same page."""
    client = login(Client(), world.members["case_manager"])
    today = timezone.localdate().isoformat()
    before = Activity.objects.count()
    first = _post(client, world.case, next="/cases/?state=open", headers={"HTTP_HX_REQUEST": "true"})
    body = first.content.decode()
    assert first.status_code == 200 and 'role="status"' in body
    assert '<option value="call" selected>' in body and body.count("<option ") == len(Activity.Kind.choices)
    assert f'name="occurred_on" id="qd-{world.case.pk}" required value="{today}"' in body
    assert "Telefonát s matkou</textarea>" not in body
    assert 'name="next" value="/cases/?state=open"' in body
    second = _post(client, world.case, note="Telefonát se školou", headers={"HTTP_HX_REQUEST": "true"})
    assert second.status_code == 200
    assert list(Activity.objects.order_by("pk").values_list("note", flat=True))[before:] == [
        "Telefonát s matkou",
        "Telefonát se školou",
    ]


@pytest.mark.parametrize(
    "bad",
    [
        {"note": ""},
        {"kind": "teleportation"},
        {"occurred_on": "not a date"},
        {"occurred_on": (datetime.date.today() + datetime.timedelta(days=3)).isoformat()},
    ],
)
def test_invalid_input_changes_nothing_and_shows_the_errors(world, login, bad):
    client = login(Client(), world.members["case_manager"])
    before = (Activity.objects.count(), Case.objects.get(pk=world.case.pk).last_contact_on)
    response = _post(client, world.case, **bad)
    assert response.status_code == 422
    assert 'class="form-errors" role="alert"' in response.content.decode()
    # htmx swaps 422 (templates/base.html): the fragment with the errors, its summary focusable.
    htmx = _post(client, world.case, headers={"HTTP_HX_REQUEST": "true"}, **bad)
    body = htmx.content.decode()
    assert htmx.status_code == 422 and "data-error-summary" in body and "<html" not in body
    assert 'href="#q' in body and 'aria-invalid="true"' in body
    assert (Activity.objects.count(), Case.objects.get(pk=world.case.pk).last_contact_on) == before


def test_nobody_outside_the_team_records_on_the_case(world, login):
    before = Activity.objects.count()
    for persona in ("case_manager_other", "other_org"):
        assert _post(login(Client(), world.members[persona]), world.case).status_code == 404
    for persona in ("school_staff", "facilitator", "external"):
        assert _post(login(Client(), world.members[persona]), world.case).status_code == 403
    assert Activity.objects.count() == before


def test_the_kept_blank_form_is_the_templates_own_with_this_pages_address_token_and_language(world, login):
    """The blank form is kept between requests with placeholders: each page gets its own
    address (escaped), its own CSRF token (a post with it passes the CSRF check) and its own
    language, and the row's form is what the template renders for that case."""
    import re

    from django.template.loader import render_to_string
    from django.test import RequestFactory

    cm = world.members["case_manager"]
    client = login(Client(enforce_csrf_checks=True), cm)
    cases = reverse("cases:list")
    detail = reverse("cases:detail", args=[world.case.pk])
    pages = ((f"{cases}?q=&state=open", "cs"), (f"{cases}?state=open&q=", "en"), (cases, "cs"), (detail, "en"))
    for path, language in pages:
        body = client.get(path, headers={"accept-language": language}).content.decode()
        start = body.index(f'<div id="quick-{world.case.pk}"')
        row_form = body[start : body.index("</form>\n</div>", start) + len("</form>\n</div>")]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row_form)[1]
        request = RequestFactory().get(path)
        request.META["CSRF_COOKIE"] = client.cookies["csrftoken"].value
        with translation.override(language):
            own = render_to_string(
                "cases/_quick_record.html",
                {"case": world.case, "csrf_token": token, "request": request, **forms.quick_record_context()},
            )
        assert row_form == own.strip()
        assert "&amp;" in row_form or path in (cases, detail)
        response = client.post(
            reverse("cases:quick_record", args=[world.case.pk]),
            {
                "csrfmiddlewaretoken": token,
                "kind": "call",
                "occurred_on": timezone.localdate().isoformat(),
                "note": f"Telefonát ({language})",
                "next": path,
            },
        )
        assert response.status_code == 302
    assert Activity.objects.filter(case=world.case, note__startswith="Telefonát (").count() == len(pages)
