"""Consents, reports to the school and the disclosure register, through the pages."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from opora.audit.models import AuditEvent
from opora.consents import services
from opora.consents.checks import Recipient
from opora.consents.models import Basis, Consent, Disclosure, SchoolReport
from opora.consents.tests.factories import ConsentFactory, SchoolReportFactory
from opora.core.testing.files import pdf_upload

pytestmark = pytest.mark.django_db


def _new_disclosures(world):
    """Disclosures of the world's case other than the one the world already holds (the school
    staff's meeting invitation, opora/meetings/tests/matrix.py)."""
    return Disclosure.objects.filter(case=world.case).exclude(pk=world.school_participant.invitation_disclosure_id)


def _consent_post(w, **extra):
    data = {
        "given_by_kind": "guardian",
        "given_by_name": "Hana Dvořáková",
        "student_agrees": "on",
        "categories": ["reports", "school"],
        "to_school": "on",
        "actors": [w.actor.pk],
        "purpose": "Spolupráce se školou",
        "given_on": "2026-11-01",
        "valid_until": "2027-06-30",
    }
    data.update(extra)
    return data


def test_a_case_manager_records_a_consent_with_a_signed_form(client, login, world):
    login(client, world.members["case_manager"])
    form = pdf_upload("souhlas.pdf")
    response = client.post(
        reverse("consents:consent_create", args=[world.case.pk]), {**_consent_post(world), "signed_form": form}
    )
    assert response.status_code == 302
    consent = Consent.objects.filter(case=world.case).exclude(pk=world.consent.pk).get()
    assert consent.categories == ["reports", "school"]
    assert list(consent.actors.all()) == [world.actor]
    assert consent.signed_form and consent.signed_form_name == "souhlas.pdf"
    assert AuditEvent.objects.filter(action="consents.consent_record", case_id=world.case.pk).exists()
    download = client.get(reverse("consents:consent_form", args=[consent.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_consent_without_recipient_or_category_is_refused_with_czech_messages(client, login, world):
    login(client, world.members["case_manager"])
    before = Consent.objects.count()
    response = client.post(
        reverse("consents:consent_create", args=[world.case.pk]),
        _consent_post(world, categories=[], to_school="", actors=[], valid_until="2020-01-01"),
        HTTP_ACCEPT_LANGUAGE="cs",
    )
    assert response.status_code == 200
    assert Consent.objects.count() == before
    assert response.context["form"].errors


def test_a_forged_file_is_refused(client, login, world):
    login(client, world.members["case_manager"])
    fake = SimpleUploadedFile("souhlas.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("consents:consent_create", args=[world.case.pk]), {**_consent_post(world), "signed_form": fake}
    )
    assert response.status_code == 200
    assert "signed_form" in response.context["form"].errors


def test_withdrawing_a_consent_stops_a_report_that_was_not_yet_sent(client, login, world):
    login(client, world.members["case_manager"])
    client.post(reverse("consents:consent_withdraw", args=[world.consent.pk]))
    world.consent.refresh_from_db()
    assert world.consent.withdrawn_on == timezone.localdate()
    assert world.consent.withdrawn_by == world.members["case_manager"]
    client.post(reverse("consents:report_send", args=[world.report_draft.pk]))
    world.report_draft.refresh_from_db()
    assert world.report_draft.sent_at is None
    assert not _new_disclosures(world).exists()
    assert AuditEvent.objects.filter(action="consents.disclosure_refused", case_id=world.case.pk).exists()


def test_sending_a_report_records_a_disclosure_to_the_school(client, login, world):
    login(client, world.members["case_manager"])
    response = client.post(reverse("consents:report_send", args=[world.report_draft.pk]))
    assert response.status_code == 302
    world.report_draft.refresh_from_db()
    assert world.report_draft.sent_at is not None
    d = world.report_draft.disclosure
    assert d.category == "reports" and d.recipient_school == world.school and d.basis == Basis.CONSENT
    assert d.consent == world.consent and d.by == world.members["case_manager"]
    # Sending twice is refused and records nothing more.
    client.post(reverse("consents:report_send", args=[world.report_draft.pk]))
    assert _new_disclosures(world).count() == 1


def test_a_report_is_written_for_the_referring_school(client, login, world):
    login(client, world.members["case_manager"])
    response = client.post(
        reverse("consents:report_create", args=[world.case.pk]), {"title": "Zpráva za pololetí", "text": "Text."}
    )
    report = SchoolReport.objects.get(title="Zpráva za pololetí")
    assert response.url == reverse("consents:report", args=[report.pk])
    assert report.school == world.school and report.sent_at is None


def test_a_disclosure_on_legal_duty_goes_to_ospod_with_a_justification(client, login, world):
    login(client, world.members["case_manager"])
    why = "Podezření na domácí násilí: dítě popsalo bití otčímem."
    response = client.post(
        reverse("consents:legal_duty", args=[world.case.pk]),
        {"institution": world.ospod.pk, "category": "family", "document": "Záznam z rozhovoru", "justification": why},
    )
    assert response.status_code == 302
    d = _new_disclosures(world).get()
    assert d.basis == Basis.LEGAL_DUTY and d.justification == why and d.consent is None
    assert d.recipient_institution == world.ospod


def test_disclosure_record_refuses_a_recipient_outside_the_consent(world):
    with pytest.raises(ValidationError) as exc:
        services.disclosure_record(
            case=world.case,
            category="health",
            recipient=Recipient.for_school(world.school),
            by=world.members["case_manager"],
        )
    assert exc.value.messages
    assert not _new_disclosures(world).exists()


def test_disclosure_record_refuses_someone_outside_the_case_team(world):
    with pytest.raises(PermissionDenied):
        services.disclosure_record(
            case=world.case, category="reports", recipient=world.school, by=world.members["case_manager_other"]
        )


def test_the_coordinator_lists_disclosures_per_case_and_per_recipient(client, login, world):
    lead = world.members["case_manager"]
    services.disclosure_record(case=world.case, category="reports", recipient=world.school, by=lead)
    services.disclosure_record(case=world.case, category="plan", recipient=world.actor, by=lead)
    login(client, world.members["coordinator"])
    by_recipient = client.get(reverse("consents:register"), {"recipient": "Výsluní"})
    labels = [d.recipient_label for d in by_recipient.context["page"]]
    # The school, and the school's staff member invited to the world's meeting (world's disclosure).
    assert sorted(labels) == sorted([world.school.name, world.school_participant.invitation_disclosure.recipient_label])
    assert not list(client.get(reverse("consents:register"), {"recipient": "OSPOD"}).context["page"])
    by_case = client.get(reverse("consents:register"), {"case": world.case.number})
    assert len(by_case.context["page"]) == 3
    by_actor = client.get(reverse("consents:register"), {"recipient": "SAS"})
    assert [d.category for d in by_actor.context["page"]] == ["plan"]


def test_the_consent_status_shows_on_the_consents_page(client, login, world):
    login(client, world.members["case_manager"])
    response = client.get(reverse("consents:case", args=[world.case.pk]))
    assert response.context["status"] == "valid"
    world.consent.valid_until = timezone.localdate() + datetime.timedelta(days=20)
    world.consent.save()
    assert client.get(reverse("consents:case", args=[world.case.pk])).context["status"] == "expiring"
    world.consent.withdrawn_on = timezone.localdate()
    world.consent.save()
    response = client.get(reverse("consents:case", args=[world.case.pk]))
    assert response.context["status"] == "withdrawn"
    assert 'data-consent-status="withdrawn"' in response.content.decode()


def test_the_consents_page_keeps_its_query_count_with_many_rows(client, login, world, django_assert_max_num_queries):
    lead = world.members["case_manager"]
    for _ in range(20):
        ConsentFactory(case=world.case, actors=[world.actor], named_recipients="SVP Klíčov")
        SchoolReportFactory(case=world.case)
    for _ in range(30):
        services.disclosure_record(case=world.case, category="reports", recipient=world.school, by=lead)
    login(client, lead)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("consents:case", args=[world.case.pk]))
    assert response.status_code == 200


def test_the_register_keeps_its_query_count(client, login, world, django_assert_max_num_queries):
    lead = world.members["case_manager"]
    for _ in range(60):
        services.disclosure_record(case=world.case, category="reports", recipient=world.school, by=lead)
    login(client, world.members["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("consents:register"))
    assert len(response.context["page"]) == 50


def test_the_case_audit_log_and_its_export_are_audited(client, login, world):
    login(client, world.members["case_manager"])
    client.get(reverse("consents:case", args=[world.case.pk]))
    login(client, world.members["coordinator"])
    page = client.get(reverse("consents:case_audit", args=[world.case.pk]))
    assert any(e.action == "cases.view" and e.data.get("section") == "consents" for e in page.context["page"])
    export = client.get(reverse("consents:case_audit_csv", args=[world.case.pk]))
    body = export.content.decode("utf-8-sig")
    assert "Otevřel/a případ" in body and world.members["case_manager"].user.email in body
    assert "cases.view" not in body  # in words, not codes
    exports = AuditEvent.objects.filter(action="cases.view", case_id=world.case.pk, data__section="audit_log_csv")
    assert exports.count() == 1


def test_subject_access_gives_a_zip_with_html_and_json_of_everything(client, login, world):
    services.disclosure_record(
        case=world.case, category="reports", recipient=world.school, by=world.members["case_manager"]
    )
    login(client, world.members["coordinator"])
    response = client.post(reverse("consents:subject_access", args=[world.student.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["student"]["last_name"] == "Dvořák"
    assert data["cases"][0]["number"] == world.case.number
    assert data["consents"][0]["name"] == "Hana Dvořáková"
    assert data["disclosures"][0]["recipient"] == world.school.name
    assert data["cases"][0]["tasks"][0]["task"] == world.task.title
    assert data["cases"][0]["network"][0]["name"] == world.actor.name
    assert {"student", "cases", "consents", "disclosures", "school_reports"} <= set(data)
    assert "Dvořák" in archive.read("index.html").decode()
    assert AuditEvent.objects.filter(action="consents.subject_access", case_id=world.case.pk).exists()


def test_the_retention_period_is_set_by_a_coordinator(client, login, world):
    login(client, world.members["coordinator"])
    assert client.post(reverse("consents:retention"), {"retention_years": "0"}).status_code == 200
    client.post(reverse("consents:retention"), {"retention_years": "8"})
    world.org.refresh_from_db()
    assert world.org.retention_years == 8


def test_an_external_actor_sees_their_own_tasks_only(client, login, world):
    from opora.cases.tests.factories import TaskFactory

    TaskFactory(case=world.case, title="Úkol pro školu")
    login(client, world.members["external"])
    page = client.get(reverse("consents:my_tasks"))
    assert [t.pk for t in page.context["page"]] == [world.task.pk]
    assert client.get(reverse("consents:case", args=[world.case.pk])).status_code == 403


def test_a_minor_cannot_give_consent_alone(client, login, world):
    login(client, world.members["case_manager"])
    before = Consent.objects.count()
    response = client.post(
        reverse("consents:consent_create", args=[world.case.pk]), _consent_post(world, given_by_kind="student")
    )
    assert response.status_code == 200
    assert "given_by_kind" in response.context["form"].errors
    assert Consent.objects.count() == before


def test_an_adult_student_gives_consent_themselves(world):
    world.student.date_of_birth = datetime.date(2000, 1, 1)
    world.student.save()
    consent = services.consent_record(
        case=world.case,
        given_by_kind="student",
        given_by_name="Jaroslav Dvořák",
        categories=["reports"],
        purpose="Zprávy škole",
        given_on=datetime.date(2026, 11, 1),
        to_school=True,
        by=world.members["case_manager"],
    )
    assert consent.pk


def test_the_case_tab_template_renders_with_the_providers_dict(rf, world):
    from django.template.loader import render_to_string

    from opora.cases import extensions

    request = rf.get("/")
    request.user = world.members["case_manager"].user
    request.membership = world.members["case_manager"]
    tab = extensions.tab_panel(extensions.case_tabs.get("consents"), request, world.case)
    html = render_to_string(tab["template"], {"panel": tab}, request=request)
    assert "Hana Dvořáková" in html and world.report_draft.title in html
    badge = next(b for b in extensions.badges_for(request, world.case) if b["key"] == "consent")
    assert 'data-consent-status="valid"' in render_to_string(badge["template"], {"panel": badge})
    request.membership = world.members["school_staff"]
    request.user = world.members["school_staff"].user
    panel = next(p for p in extensions.school_panels_for(request, world.case) if p["key"] == "school_reports")
    html = render_to_string(panel["template"], {"panel": panel}, request=request)
    assert world.report_sent.title in html and world.report_draft.title not in html


def test_the_case_audit_log_keeps_its_query_count(client, login, world, django_assert_max_num_queries):
    login(client, world.members["case_manager"])
    for _ in range(60):
        client.get(reverse("consents:case", args=[world.case.pk]))
    login(client, world.members["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("consents:case_audit", args=[world.case.pk]))
    assert len(response.context["page"]) == 50


def test_the_overview_shows_each_role_its_consents_panel(client, login, world):
    world.consent.valid_until = timezone.localdate() + datetime.timedelta(days=10)
    world.consent.save()
    login(client, world.members["case_manager"])
    assert "Dvořák" in client.get(reverse("core:home")).content.decode()
    login(client, world.members["case_manager_other"])
    assert "Dvořák" not in client.get(reverse("core:home")).content.decode()
    login(client, world.members["school_staff"])
    html = client.get(reverse("core:home")).content.decode()
    assert world.report_sent.title in html and world.report_draft.title not in html
    login(client, world.members["school_staff_other"])
    assert world.report_sent.title not in client.get(reverse("core:home")).content.decode()
    login(client, world.members["external"])
    assert world.task.title in client.get(reverse("core:home")).content.decode()


def test_an_expiring_consent_is_listed_once_on_the_case_managers_overview_and_to_the_coordinator(world, client, login):
    """The case manager sees it in My day's section (not again in a panel of its own); the
    coordinator, whose My day holds only their own cases, sees the organisation's in the panel."""
    world.consent.valid_until = timezone.localdate() + datetime.timedelta(days=10)
    world.consent.save()
    login(client, world.members["case_manager"])
    page = client.get(reverse("core:home")).content.decode()
    link = reverse("consents:case", args=[world.case.pk])
    assert page.count(f'href="{link}"') == 1 and 'data-testid="day-consents_expiring"' in page
    assert "Souhlasy, které vyprší do 30 dnů" not in page
    login(client, world.members["coordinator"])
    page = client.get(reverse("core:home")).content.decode()
    assert "Souhlasy, které vyprší do 30 dnů" in page and f'href="{link}"' in page
    panel = page.split("Souhlasy, které vyprší do 30 dnů", 1)[1].split("</section>", 1)[0]
    assert world.case.number in panel and world.case.student.last_name in panel
