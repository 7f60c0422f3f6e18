"""Rows of the authorisation matrix for reports to named recipients."""

from opora.core.testing.matrix import Row
from opora.reports.tests.factories import CaseReportFactory

TEAM = {"*": 403, "case_manager": 200, "coordinator": 200, "other_org": 404, "case_manager_other": 404}
TEAM_POST = {"*": 403, "case_manager": 302, "coordinator": 302, "other_org": 404, "case_manager_other": 404}


def populate(w):
    """An approved report for OSPOD (w.ospod, from the consents app) and a draft one on w.case."""
    lead = w.members["case_manager"]
    w.case_report = CaseReportFactory(
        case=w.case, recipient_kind="ospod", institution=w.ospod, status="approved", written_by=lead
    )
    w.case_report_draft = CaseReportFactory(case=w.case, recipient_kind="ospod", institution=w.ospod, written_by=lead)


def _report(w):
    return {"pk": w.case_report.pk}


MATRIX = {
    "reports:create": Row(
        kwargs=lambda w: {"pk": w.case.pk, "kind": "court"},
        variants=(lambda w: {"pk": w.case.pk, "kind": "ospod"}, lambda w: {"pk": w.case.pk, "kind": "school"}),
        expect=TEAM,
    ),
    "reports:detail": Row(kwargs=_report, expect=TEAM),
    "reports:edit": Row(kwargs=lambda w: {"pk": w.case_report_draft.pk}, expect=TEAM),
    "reports:step": Row(
        method="post", kwargs=lambda w: {"pk": w.case_report_draft.pk, "step": "submit"}, expect=TEAM_POST
    ),
    "reports:hand_over": Row(kwargs=_report, expect=TEAM),
    "reports:family_copy": Row(kwargs=_report, expect=TEAM),
    "reports:pdf": Row(kwargs=_report, expect=TEAM),
    "reports:docx": Row(kwargs=_report, expect=TEAM),
}
