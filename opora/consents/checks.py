"""THE sharing check (§6): may this category of information about a case go to this recipient?

Every disclosure calls :func:`sharing_decision` (through ``services.disclosure_record``);
the meetings app calls it before sending invitations and before a participant may read the
minutes.

    sharing_decision(*, case, category, recipient, on=None, legal_duty="", court_request=None, by=None)
        -> Decision

* ``category``: a code of :class:`opora.consents.models.Category` ("reports", "minutes"…).
* ``recipient``: a :class:`Recipient` built from a FACT the system knows — never from a label a
  user typed (a participant's "role", a directory "category"):

  - ``Recipient.for_membership(m)``: a membership of the organisation (a user with a role and,
    for school staff, a school);
  - ``Recipient.for_student(student)``: the student of the case;
  - ``Recipient.for_close_person(person)``: a close person recorded on the case's student
    (``ClosePerson.legal_guardian`` says whether they are a legal guardian);
  - ``Recipient.for_actor(actor)``: a network actor of the case;
  - ``Recipient.for_institution(institution)``: an entry of the directory, by its ``kind``;
  - ``Recipient.for_school(school)``; ``Recipient.named("…")`` (a recipient a consent names by
    name only).

  ``Recipient.of(value)`` builds one from a model instance (Membership, Student, ClosePerson,
  NetworkActor, Institution, School) or a str.
* ``on``: the date of the disclosure (today by default).
* ``legal_duty``: the written justification when information goes without consent because the
  child is suspected to be endangered (§10 of Act 359/1999): then only an institution whose
  KIND is OSPOD or police (directly, or through a network actor of this case linked to such an
  institution of the same organisation) may receive it, and only a case manager of the case
  team or a coordinator (``by``) may record it.
* ``own_copy``: the student or a legal guardian of the case asks for their own copy of a report
  written about the case (category "reports"): allowed to them only, with the basis
  ``own_copy``, recorded by the case team like any other disclosure.
* ``court_request``: a :class:`CourtRequest` (reference — spisová značka / č. j. — and date of
  a court's written request): then only an institution whose kind is "court" may receive it,
  recorded by the same people as the legal duty. A court otherwise receives data on consent.

Who receives what (the rules, in the order they are applied):

1. A member of the CASE TEAM (the lead, the case managers on the team, the coordinators) is
   inside: allowed with ``basis=None`` — nothing leaves the team, no disclosure is recorded.
2. The STUDENT of the case and a LEGAL GUARDIAN recorded on the case receive what concerns their
   own meetings — the categories "minutes" and "plan" (invitation, minutes, cooperation plan) —
   with the basis ``own_meeting``; a disclosure is recorded. Anything else needs a consent that
   names them. A close person who is not a legal guardian always needs a consent naming them.
   A student or close person of another case receives nothing.
3. SCHOOL STAFF count as their school: only the REFERRING school of the case can be covered,
   by a consent "to the school"; staff of any other school are never covered.
4. An EXTERNAL user linked to a network actor of the case counts as that actor.
5. Anyone else (an actor, an institution of the directory, a membership that is none of the
   above, a named recipient) needs a consent IN FORCE on the date that covers the category and
   names them (as an actor of the case, or by name in "other named recipients").

Several consents may exist at once (withdrawn and a newer one, expired, given for a later
date, overlapping): a disclosure is allowed when at least one consent in force on the date
covers both the category and the recipient.

Returns ``Decision(allowed, reason, basis, consent)``; ``reason`` is a translated sentence.
``decision.within_team`` is true when nothing leaves the case team (no disclosure to record).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from opora import access
from opora.consents.models import Basis, Category, Consent, RecipientKind

# Kinds of institution (network.InstitutionKind) that receive information on legal duty.
LEGAL_DUTY_KINDS = ("ospod", "police")
COURT_KIND = "court"
# What the student and their legal guardians receive of their own meetings without a consent.
OWN_MEETING_CATEGORIES = (Category.MINUTES, Category.PLAN)


@dataclass(frozen=True)
class CourtRequest:
    """A court's written request for information: its reference (spisová značka / č. j.) and date."""

    reference: str
    date: datetime.date | None


@dataclass(frozen=True)
class Recipient:
    kind: str
    actor: object = None
    school: object = None
    institution: object = None
    membership: object = None
    student: object = None
    close_person: object = None
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
    def for_membership(cls, membership):
        school = membership.school if membership.school_id else None
        return cls(kind=RecipientKind.MEMBERSHIP, membership=membership, school=school, name=membership.user.full_name)

    @classmethod
    def for_student(cls, student):
        return cls(kind=RecipientKind.STUDENT, student=student, name=str(student))

    @classmethod
    def for_close_person(cls, person):
        return cls(kind=RecipientKind.CLOSE_PERSON, close_person=person, name=person.name)

    @classmethod
    def named(cls, name: str):
        return cls(kind=RecipientKind.NAMED, name=(name or "").strip())

    @classmethod
    def of(cls, value) -> Recipient:
        if isinstance(value, Recipient):
            return value
        label = getattr(getattr(value, "_meta", None), "label_lower", None)
        builders = {
            "cases.networkactor": cls.for_actor,
            "schools.school": cls.for_school,
            "network.institution": cls.for_institution,
            "accounts.membership": cls.for_membership,
            "cases.student": cls.for_student,
            "cases.closeperson": cls.for_close_person,
        }
        if label in builders:
            return builders[label](value)
        if isinstance(value, str):
            return cls.named(value)
        raise TypeError(f"not a recipient: {value!r}")

    @property
    def label(self) -> str:
        if self.kind == RecipientKind.MEMBERSHIP and self.school is not None:
            return f"{self.name} ({self.school.name})"
        if self.kind == RecipientKind.CLOSE_PERSON and self.close_person is not None:
            return f"{self.name} ({self.close_person.relation})"
        return self.name

    def directory_institution(self):
        """The institution of the directory behind this recipient (directly or through its actor)."""
        if self.institution is not None:
            return self.institution
        if self.actor is not None:
            return self.actor.institution
        return None

    def institution_of_kind(self, kinds):
        inst = self.directory_institution()
        if inst is not None and inst.kind in kinds:
            return inst
        return None

    def legal_duty_institution(self):
        """The OSPOD/police institution (by its kind) behind this recipient, if it is one."""
        return self.institution_of_kind(LEGAL_DUTY_KINDS)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    basis: str | None = None  # a Basis value when allowed and something leaves the case team
    consent: Consent | None = None

    def __bool__(self):
        return self.allowed

    @property
    def within_team(self) -> bool:
        """Allowed, and nothing leaves the case team: no disclosure to record."""
        return self.allowed and self.basis is None


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _named_in(consent: Consent, name: str) -> bool:
    name = _norm(name)
    return bool(name) and name in {_norm(n) for n in consent.named_list}


def consent_covers_recipient(consent: Consent, case, recipient: Recipient) -> bool:
    """Does this consent (its recipients, not its dates or categories) name this recipient?"""
    kind = recipient.kind
    if kind == RecipientKind.SCHOOL:
        return _covers_school(consent, case, recipient.school)
    if kind == RecipientKind.MEMBERSHIP:
        m = recipient.membership
        if m is None or m.organisation_id != case.organisation_id:
            return False
        if access.is_school_member(m):
            return _covers_school(consent, case, recipient.school)
        if recipient.actor is not None:
            return _covers_actor(consent, case, recipient.actor)
        return _named_in(consent, recipient.name)
    if kind == RecipientKind.ACTOR:
        return _covers_actor(consent, case, recipient.actor)
    if kind == RecipientKind.INSTITUTION:
        inst = recipient.institution
        if inst is None or inst.organisation_id != case.organisation_id:
            return False
        if any(a.institution_id == inst.pk and a.case_id == case.pk for a in consent.actors.all()):
            return True
        return _named_in(consent, inst.name)
    if kind == RecipientKind.STUDENT:
        return (
            recipient.student is not None
            and recipient.student.pk == case.student_id
            and _named_in(consent, recipient.name)
        )
    if kind == RecipientKind.CLOSE_PERSON:
        person = recipient.close_person
        return person is not None and person.student_id == case.student_id and _named_in(consent, person.name)
    if kind == RecipientKind.NAMED:
        return _named_in(consent, recipient.name)
    return False


def _covers_school(consent, case, school) -> bool:
    return bool(consent.to_school and school is not None and case.school_id is not None and school.pk == case.school_id)


def _covers_actor(consent, case, actor) -> bool:
    return actor is not None and actor.case_id == case.pk and actor.pk in {a.pk for a in consent.actors.all()}


def sharing_decision(
    *,
    case,
    category,
    recipient,
    on=None,
    legal_duty: str = "",
    court_request: CourtRequest | None = None,
    own_copy: bool = False,
    by=None,
) -> Decision:
    on = on or timezone.localdate()
    if isinstance(on, datetime.datetime):
        on = timezone.localdate(on)
    recipient = resolve_recipient(case, Recipient.of(recipient))
    if category not in Category.values:
        return Decision(False, _("Unknown category of information."))
    if legal_duty is not None and legal_duty.strip():
        return _legal_duty_decision(case=case, recipient=recipient, justification=legal_duty, by=by)
    if court_request is not None:
        return _court_request_decision(case=case, recipient=recipient, request=court_request, on=on, by=by)
    if own_copy:
        return _own_copy_decision(case=case, category=category, recipient=recipient, by=by)
    fact = _fact_decision(case, category, recipient)
    if fact is not None:
        return fact
    return _consent_decision(case, category, recipient, on)


def resolve_recipient(case, recipient: Recipient) -> Recipient:
    """A membership that is not school staff counts as the case's network actor linked to it."""
    if recipient.kind == RecipientKind.MEMBERSHIP and recipient.actor is None:
        m = recipient.membership
        if not access.is_school_member(m) and m.organisation_id == case.organisation_id:
            actor = case.actors.select_related("institution").filter(membership=m).first()
            if actor is not None:
                return replace(recipient, actor=actor)
    return recipient


def _fact_decision(case, category, recipient: Recipient) -> Decision | None:
    """Decisions that follow from who the recipient IS; None when a consent must decide."""

    kind = recipient.kind
    if kind == RecipientKind.MEMBERSHIP:
        m = recipient.membership
        if m.organisation_id != case.organisation_id:
            return Decision(False, _("This user is not in the organisation of the case."))
        if access.case_access_level(m, case) == access.CASE_TEAM:
            return Decision(True, _("A member of the case team: nothing leaves the team."))
        return None
    if kind == RecipientKind.STUDENT:
        if recipient.student is None or recipient.student.pk != case.student_id:
            return Decision(False, _("This is not the student of the case."))
        if category in OWN_MEETING_CATEGORIES:
            return Decision(True, _("The student receives what concerns their own meetings."), Basis.OWN_MEETING)
        return None
    if kind == RecipientKind.CLOSE_PERSON:
        person = recipient.close_person
        if person is None or person.student_id != case.student_id:
            return Decision(False, _("This person is not recorded as a close person of the student of the case."))
        if person.legal_guardian and category in OWN_MEETING_CATEGORIES:
            return Decision(
                True, _("A legal guardian receives what concerns the student's own meetings."), Basis.OWN_MEETING
            )
        return None
    return None


def _consent_decision(case, category, recipient: Recipient, on) -> Decision:
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
                _("Covered by the consent given on %(date)s.")
                % {"date": date_format(consent.given_on, "SHORT_DATE_FORMAT")},
                Basis.CONSENT,
                consent,
            )
    staff = recipient.kind == RecipientKind.MEMBERSHIP and access.is_school_member(recipient.membership)
    if staff and (recipient.school is None or recipient.school.pk != case.school_id):
        return Decision(False, _("Staff of a school that did not refer the case are never covered by the consent."))
    return Decision(False, _("No consent in force names this recipient for this category of information."))


def _institution_ok(case, recipient: Recipient, inst) -> bool:
    return (
        inst is not None
        and inst.organisation_id == case.organisation_id
        and (recipient.actor is None or recipient.actor.case_id == case.pk)
    )


def _legal_duty_decision(*, case, recipient: Recipient, justification: str, by) -> Decision:

    if by is None or not access.can_disclose_on_legal_duty(by, case):
        return Decision(False, _("Only a case manager of the case team or a coordinator may disclose on legal duty."))
    if not _institution_ok(case, recipient, recipient.legal_duty_institution()):
        return Decision(False, _("Without consent, information may go only to OSPOD or the police."))
    if len(justification.strip()) < 10:
        return Decision(False, _("Write the justification of the legal duty."))
    return Decision(True, _("Legal duty: suspected endangerment of the child."), Basis.LEGAL_DUTY)


def _court_request_decision(*, case, recipient: Recipient, request: CourtRequest, on, by) -> Decision:

    if by is None or not access.can_disclose_on_court_request(by, case):
        return Decision(False, _("Only a case manager of the case team or a coordinator may answer a court's request."))
    if not _institution_ok(case, recipient, recipient.institution_of_kind((COURT_KIND,))):
        return Decision(False, _("On a written request, information goes only to the court that asked for it."))
    if not (request.reference or "").strip():
        return Decision(False, _("Enter the reference of the court's written request."))
    if request.date is None or request.date > on:
        return Decision(False, _("Enter the date of the court's written request; it cannot be in the future."))
    return Decision(
        True,
        _("Written request of the court, reference %(reference)s of %(date)s.")
        % {"reference": request.reference.strip(), "date": date_format(request.date, "SHORT_DATE_FORMAT")},
        Basis.COURT_REQUEST,
    )


def _own_copy_decision(*, case, category, recipient: Recipient, by) -> Decision:
    if by is None or access.case_access_level(by, case) != access.CASE_TEAM:
        return Decision(False, _("Only the case team may hand the family its copy."))
    if category != Category.REPORTS:
        return Decision(False, _("The family's own copy on request is given of reports only."))
    own = (
        recipient.kind == RecipientKind.STUDENT
        and recipient.student is not None
        and recipient.student.pk == case.student_id
    ) or (
        recipient.kind == RecipientKind.CLOSE_PERSON
        and recipient.close_person is not None
        and recipient.close_person.student_id == case.student_id
        and recipient.close_person.legal_guardian
    )
    if not own:
        return Decision(
            False, _("An own copy goes only to the student of the case or a legal guardian recorded on it.")
        )
    return Decision(True, _("The family's own copy, on their request."), Basis.OWN_COPY)
