"""THE sharing check (§6): may this category of information about a case go to this recipient?

Every disclosure calls :func:`sharing_decision` (through ``services.disclosure_record``);
the meetings app calls it before sending invitations and minutes.

    sharing_decision(*, case, category, recipient, on=None, legal_duty="", by=None) -> Decision

* ``category``: a code of :class:`opora.consents.models.Category` ("reports", "minutes"…).
* ``recipient``: a :class:`Recipient` (build it with ``Recipient.for_actor(actor)``,
  ``Recipient.for_school(school)``, ``Recipient.for_institution(institution)``,
  ``Recipient.named("…")``) — or directly a NetworkActor, School or Institution instance, a
  free-text name (str), or a Membership: school staff count as their school, an external
  actor as the case's network actor linked to their account.
* ``on``: the date of the disclosure (today by default).
* ``legal_duty``: the written justification when information goes without consent because the
  child is suspected to be endangered; then only OSPOD or the police may receive it and only
  a case manager of the case team or a coordinator (``by``) may record it.

Returns ``Decision(allowed, reason, basis, consent)``; ``reason`` is a translated sentence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from opora.consents.models import Basis, Category, Consent, RecipientKind

LEGAL_DUTY_CATEGORIES = ("ospod", "police")


@dataclass(frozen=True)
class Recipient:
    kind: str
    actor: object = None
    school: object = None
    institution: object = None
    name: str = ""

    @classmethod
    def for_actor(cls, actor):
        return cls(kind=RecipientKind.ACTOR, actor=actor, name=actor.name)

    @classmethod
    def for_school(cls, school):
        return cls(kind=RecipientKind.SCHOOL, school=school, name=school.name)

    @classmethod
    def for_institution(cls, institution):
        return cls(kind=RecipientKind.INSTITUTION, institution=institution, name=institution.name)

    @classmethod
    def named(cls, name: str):
        return cls(kind=RecipientKind.NAMED, name=(name or "").strip())

    @classmethod
    def of(cls, value) -> Recipient:
        if isinstance(value, Recipient):
            return value
        label = getattr(getattr(value, "_meta", None), "label_lower", None)
        if label == "cases.networkactor":
            return cls.for_actor(value)
        if label == "schools.school":
            return cls.for_school(value)
        if label == "network.institution":
            return cls.for_institution(value)
        if isinstance(value, str):
            return cls.named(value)
        raise TypeError(f"not a recipient: {value!r}")

    @property
    def label(self) -> str:
        return self.name

    def legal_duty_institution(self):
        """The OSPOD/police institution behind this recipient, if it is one."""
        inst = self.institution
        if self.kind == RecipientKind.ACTOR and self.actor is not None:
            inst = self.actor.institution
        if inst is not None and inst.category in LEGAL_DUTY_CATEGORIES:
            return inst
        return None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    basis: str | None = None  # Basis.CONSENT / Basis.LEGAL_DUTY when allowed
    consent: Consent | None = None

    def __bool__(self):
        return self.allowed


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def consent_covers_recipient(consent: Consent, case, recipient: Recipient) -> bool:
    if recipient.kind == RecipientKind.SCHOOL:
        return (
            consent.to_school
            and recipient.school is not None
            and case.school_id is not None
            and recipient.school.pk == case.school_id
        )
    actor_ids = {a.pk for a in consent.actors.all()}
    if recipient.kind == RecipientKind.ACTOR:
        actor = recipient.actor
        return actor is not None and actor.case_id == case.pk and actor.pk in actor_ids
    if recipient.kind == RecipientKind.INSTITUTION:
        inst = recipient.institution
        if inst is None:
            return False
        if any(a.institution_id == inst.pk for a in consent.actors.all()):
            return True
        return _norm(inst.name) in {_norm(n) for n in consent.named_list}
    if recipient.kind == RecipientKind.NAMED:
        name = _norm(recipient.name)
        return bool(name) and name in {_norm(n) for n in consent.named_list}
    return False


def sharing_decision(*, case, category, recipient, on=None, legal_duty: str = "", by=None) -> Decision:
    on = on or timezone.localdate()
    if isinstance(on, datetime.datetime):
        on = timezone.localdate(on)
    recipient = _resolve_membership(case, recipient)
    recipient = Recipient.of(recipient)
    if category not in Category.values:
        return Decision(False, _("Unknown category of information."))
    if legal_duty is not None and legal_duty.strip():
        return _legal_duty_decision(case=case, recipient=recipient, justification=legal_duty, by=by)
    consents = list(case.consents.prefetch_related("actors"))
    if not consents:
        return Decision(False, _("The case has no consent to share information."))
    in_force = [c for c in consents if c.is_in_force(on)]
    if not in_force:
        if any(c.withdrawn_on is not None and on >= c.withdrawn_on for c in consents):
            return Decision(False, _("The consent has been withdrawn; nothing more may be shared."))
        return Decision(False, _("No consent of the case is in force on that date."))
    with_category = [c for c in in_force if category in c.categories]
    if not with_category:
        return Decision(False, _("No consent in force covers this category of information."))
    for consent in with_category:
        if consent_covers_recipient(consent, case, recipient):
            return Decision(
                True,
                _("Covered by the consent given on %(date)s.") % {"date": f"{consent.given_on:%d.%m.%Y}"},
                Basis.CONSENT,
                consent,
            )
    return Decision(False, _("No consent in force names this recipient for this category of information."))


def _resolve_membership(case, value):
    if getattr(getattr(value, "_meta", None), "label_lower", None) != "accounts.membership":
        return value
    from opora.accounts.models import Role

    if value.role == Role.SCHOOL_STAFF and value.school_id:
        return Recipient.for_school(value.school)
    actor = case.actors.filter(membership=value).first()
    if actor is not None:
        return Recipient.for_actor(actor)
    return Recipient.named(value.user.full_name)


def _legal_duty_decision(*, case, recipient: Recipient, justification: str, by) -> Decision:
    from opora import access

    if by is None or not access.can_disclose_on_legal_duty(by, case):
        return Decision(False, _("Only a case manager of the case team or a coordinator may disclose on legal duty."))
    inst = recipient.legal_duty_institution()
    if (
        inst is None
        or inst.organisation_id != case.organisation_id
        or (recipient.actor is not None and recipient.actor.case_id != case.pk)
    ):
        return Decision(False, _("Without consent, information may go only to OSPOD or the police."))
    if len(justification.strip()) < 10:
        return Decision(False, _("Write the justification of the legal duty."))
    return Decision(True, _("Legal duty: suspected endangerment of the child."), Basis.LEGAL_DUTY)
