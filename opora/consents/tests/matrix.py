"""Rows of the authorisation matrix for the consents app, and its objects in the world."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from opora.consents.tests.factories import ConsentFactory, SchoolReportFactory
from opora.core.testing.matrix import Row
from opora.network.models import Institution

TEAM = {"*": 403, "case_manager": 200, "coordinator": 200, "other_org": 404, "case_manager_other": 404}
TEAM_POST = {"*": 403, "case_manager": 302, "coordinator": 302, "other_org": 404, "case_manager_other": 404}
COORDINATOR = {"*": 403, "coordinator": 200, "other_org": 404}


def populate(w):
    """A consent (guardian, with a signed form) covering reports to w.school and w.actor; a sent
    report and a draft; the external persona linked to w.actor, which holds w.task; OSPOD."""
    w.actor.membership = w.members["external"]
    w.actor.save(update_fields=["membership"])
    w.task.responsible_actor = w.actor
    w.task.save(update_fields=["responsible_actor"])
    w.consent = ConsentFactory(
        case=w.case, actors=[w.actor], given_on=datetime.date.today() - datetime.timedelta(days=30)
    )
    w.consent.signed_form.save("souhlas.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    w.consent.signed_form_name = "souhlas.pdf"
    w.consent.save()
    w.report_sent = SchoolReportFactory(case=w.case, title="Odeslaná zpráva", sent_at=timezone.now())
    w.report_draft = SchoolReportFactory(case=w.case, title="Rozpracovaná zpráva")
    w.ospod = Institution.objects.create(organisation=w.org, name="OSPOD Praha 9", category="ospod", kind="ospod")
    w.report_of_other_org = SchoolReportFactory(
        case=w.case_of_other_org, school=w.school_of_other_org, sent_at=timezone.now()
    )


MATRIX = {
    "consents:case": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM),
    "consents:consent_create": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM),
    "consents:report_create": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM),
    "consents:legal_duty": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM),
    "consents:court_request": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM),
    "consents:case_audit": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=COORDINATOR),
    "consents:case_audit_csv": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=COORDINATOR),
    "consents:consent_withdraw": Row(method="post", kwargs=lambda w: {"pk": w.consent.pk}, expect=TEAM_POST),
    "consents:consent_form": Row(kwargs=lambda w: {"pk": w.consent.pk}, expect=TEAM),
    # The sent report: the case team and the staff of the school it is addressed to.
    "consents:report": Row(
        kwargs=lambda w: {"pk": w.report_sent.pk}, expect={**TEAM, "school_staff": 200, "school_staff_other": 404}
    ),
    "consents:report_send": Row(method="post", kwargs=lambda w: {"pk": w.report_draft.pk}, expect=TEAM_POST),
    "consents:register": Row(expect={"*": 403, "coordinator": 200, "other_org": 200}),
    "consents:subject_access": Row(kwargs=lambda w: {"pk": w.student.pk}, expect=COORDINATOR),
    "consents:retention": Row(expect={"*": 403, "coordinator": 200, "admin": 200, "other_org": 200}),
    "consents:school_reports": Row(expect={"*": 403, "school_staff": 200, "school_staff_other": 200}),
    "consents:my_tasks": Row(expect={"*": 403, "external": 200}),
}

# Extra rows checked by test_matrix_extra.py: a draft report is the team's only, and a report
# of another organisation is a 404 for everyone.
EXTRA = {
    "draft report": Row(
        kwargs=lambda w: {"pk": w.report_draft.pk}, expect={**TEAM, "school_staff": 404, "school_staff_other": 404}
    ),
    "other organisation's report": Row(
        kwargs=lambda w: {"pk": w.report_of_other_org.pk}, expect={"*": 404, "other_org": 200}
    ),
}
