"""Every write of the agreements app: versions of the cooperation agreement, signing, refusal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opora import access
from opora.agreements import workflow
from opora.agreements.models import Agreement, SignatureMode
from opora.audit.services import audit_log
from opora.core.concurrency import save_versioned
from opora.core.files import validate_upload

CONTENT_FIELDS = (
    "family_parties",
    "with_ospod",
    "ospod_party",
    "goals",
    "family_promises",
    "service_promises",
    "ospod_promises",
    "information_sharing",
    "review_on",
)


def _require_edit(by, case):
    if not access.can_edit_case(by, case):
        raise PermissionDenied


def _check_ospod(agreement):
    if agreement.with_ospod and not (agreement.ospod_party.strip() and agreement.ospod_promises.strip()):
        raise ValidationError(
            {"ospod_party": _("With OSPOD as a party, name its representative and what it promises.")}
        )


@transaction.atomic
def agreement_create(*, case, by, request=None, **content) -> Agreement:
    """The first version of the case's agreement (a draft). Later versions: agreement_renegotiate."""
    _require_edit(by, case)
    if Agreement.objects.filter(case=case).exists():
        raise ValidationError(_("The case already has an agreement; renegotiate it to make a new version."))
    agreement = Agreement(case=case, number=1, created_by=by, **{k: content[k] for k in CONTENT_FIELDS if k in content})
    agreement.full_clean()
    _check_ospod(agreement)
    agreement.save()
    audit_log(action="agreements.create", request=request, membership=by, obj=agreement)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, stamp, by, request=None, **content) -> Agreement:
    _require_edit(by, agreement.case)
    if not agreement.is_editable:
        raise ValidationError(_("Only a draft can be changed; renegotiate to make a new version."))
    for name in CONTENT_FIELDS:
        if name in content:
            setattr(agreement, name, content[name])
    agreement.full_clean()
    _check_ospod(agreement)
    save_versioned(agreement, stamp=stamp, fields=CONTENT_FIELDS)
    audit_log(action="agreements.update", request=request, membership=by, obj=agreement)
    return agreement


@transaction.atomic
def agreement_renegotiate(*, agreement: Agreement, by, request=None) -> Agreement:
    """A new draft version with the content of `agreement`; the older versions stay as they are."""
    _require_edit(by, agreement.case)
    latest = Agreement.objects.select_for_update().filter(case=agreement.case).order_by("-number").first()
    if latest.pk != agreement.pk or agreement.status not in workflow.RENEGOTIABLE:
        raise ValidationError(_("Only the latest signed or refused version can be renegotiated."))
    new = Agreement(
        case=agreement.case,
        number=agreement.number + 1,
        previous=agreement,
        created_by=by,
        **{name: getattr(agreement, name) for name in CONTENT_FIELDS},
    )
    new.save()
    audit_log(action="agreements.renegotiate", request=request, membership=by, obj=new)
    return new


def _step(agreement, name):
    reason = workflow.refusal(name, agreement.status)
    if reason:
        raise ValidationError(reason)
    agreement.status = workflow.STEPS[name].target


@transaction.atomic
def agreement_sign(*, agreement: Agreement, signed_by, signed_on=None, scan=None, stamp=None, by, request=None):
    """Signed in the app (the people present confirm; who and when is recorded) or on paper
    (the scan of the signed agreement is uploaded). A signed version supersedes the previous one."""
    _require_edit(by, agreement.case)
    if not (signed_by or "").strip():
        raise ValidationError({"signed_by": _("Name who signed the agreement.")})
    signed_on = signed_on or timezone.localdate()
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signing cannot be in the future.")})
    if scan:
        validate_upload(scan)
    _step(agreement, "sign_on_paper" if scan else "sign_in_app")
    agreement.signature_mode = SignatureMode.PAPER if scan else SignatureMode.APP
    agreement.signed_by, agreement.signed_on, agreement.decided_by = signed_by.strip(), signed_on, by
    fields = ["status", "signature_mode", "signed_by", "signed_on", "decided_by"]
    if scan:
        agreement.scan.save(scan.name, scan, save=False)
        agreement.scan_name = scan.name[:200]
        fields += ["scan", "scan_name"]
    save_versioned(agreement, stamp=stamp, fields=fields)
    previous = agreement.previous
    if previous is not None and previous.status == workflow.Status.SIGNED:
        previous.status = workflow.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    audit_log(
        action="agreements.sign", request=request, membership=by, obj=agreement, data={"mode": agreement.signature_mode}
    )
    return agreement


@transaction.atomic
def agreement_refuse(*, agreement: Agreement, note, refused_on=None, stamp=None, by, request=None):
    """The family (or OSPOD) did not accept this version: recorded with a note (seed 002)."""
    _require_edit(by, agreement.case)
    if len((note or "").strip()) < 5:
        raise ValidationError({"note": _("Write why the agreement was not accepted.")})
    _step(agreement, "refuse")
    agreement.refusal_note, agreement.refused_on = note.strip(), refused_on or timezone.localdate()
    agreement.decided_by = by
    save_versioned(agreement, stamp=stamp, fields=["status", "refusal_note", "refused_on", "decided_by"])
    audit_log(action="agreements.refuse", request=request, membership=by, obj=agreement)
    return agreement
