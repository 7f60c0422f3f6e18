"""Rows of the authorisation matrix for cooperation agreements."""

import datetime

from django.core.files.base import ContentFile

from opora.agreements.tests.factories import AgreementFactory
from opora.core.testing.matrix import Row

TEAM = {"*": 403, "case_manager": 200, "coordinator": 200, "other_org": 404, "case_manager_other": 404}
TEAM_POST = {"*": 403, "case_manager": 302, "coordinator": 302, "other_org": 404, "case_manager_other": 404}


def populate(w):
    """A version 1 signed on paper (with its scan) and a draft version 2 of w.case's agreement."""
    w.agreement_signed = AgreementFactory(
        case=w.case,
        status="signed",
        signature_mode="paper",
        signed_by="Jana Dvořáková",
        signed_on=datetime.date.today(),
    )
    w.agreement_signed.scan.save("dohoda.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    w.agreement_signed.scan_name = "dohoda.pdf"
    w.agreement_signed.save()
    w.agreement_draft = AgreementFactory(case=w.case, number=2, previous=w.agreement_signed)


def _signed(w):
    return {"pk": w.agreement_signed.pk}


def _draft(w):
    return {"pk": w.agreement_draft.pk}


MATRIX = {
    "agreements:create": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM),
    "agreements:detail": Row(kwargs=_signed, expect=TEAM),
    "agreements:edit": Row(kwargs=_draft, expect=TEAM),
    "agreements:sign": Row(kwargs=_draft, expect=TEAM),
    "agreements:refuse": Row(kwargs=_draft, expect=TEAM),
    # The signed version is not the latest: refused with a message, still a redirect.
    "agreements:renegotiate": Row(method="post", kwargs=_signed, expect=TEAM_POST),
    "agreements:pdf": Row(kwargs=_signed, expect=TEAM),
    "agreements:docx": Row(kwargs=_signed, expect=TEAM),
    "agreements:scan": Row(kwargs=_signed, expect=TEAM),
}
