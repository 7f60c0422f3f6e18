"""The cases app's part of the data-protection duties (§6): what it holds about a student
(subject access) and how it anonymises a closed case past the retention period."""

from opora.cases.models import (
    Activity,
    Assessment,
    Case,
    ClosePerson,
    Goal,
    NetworkActor,
    Referral,
    Request,
    Task,
    normalise_name,
)
from opora.core.privacy import ANONYMISED, SubjectAccessChoices, is_past_retention


def _d(value):
    return value.isoformat() if value else None


def subject_access_student(student, choices=None) -> dict:
    return {
        "first_name": student.first_name,
        "last_name": student.last_name,
        "date_of_birth": _d(student.date_of_birth),
        "school": student.school.name if student.school else None,
        "class": student.school_class,
        "phone": student.phone,
        "email": student.email,
        "address": student.address,
        "close_persons": list(
            ClosePerson.objects.filter(student=student).values("name", "relation", "legal_guardian", "phone", "email")
        ),
    }


def restricted_notes_of(student):
    """The student's restricted activity notes, which the coordinator releases one by one."""
    return Activity.objects.filter(case__student=student, restricted=True).select_related("case")


def _activity(activity: Activity) -> dict:
    item = {
        "id": activity.pk,
        "kind": activity.kind,
        "date": _d(activity.occurred_on),
        "participants": activity.participants,
        "note": activity.note,
    }
    if activity.restricted:
        item["restricted"] = True
    return item


def subject_access_cases(student, choices: SubjectAccessChoices | None = None) -> list:
    """Restricted notes appear (marked ``"restricted": true``) only when released in `choices`."""
    released = (choices or SubjectAccessChoices()).released_notes
    cases = []
    for case in Case.objects.filter(student=student).select_related("school", "lead__user"):
        referral = Referral.objects.filter(case=case).first()
        cases.append(
            {
                "number": case.number,
                "state": case.state,
                "school": case.school.name if case.school else None,
                "lead": case.lead.user.full_name,
                "opened_on": _d(case.opened_at),
                "closed_on": _d(case.closed_at),
                "closure_reason": case.closure_reason,
                "closure_summary": case.closure_summary,
                "referral": referral
                and {
                    "referred_on": _d(referral.referred_on),
                    "referred_by": referral.referred_by_name,
                    "school_view": referral.school_view,
                    "consent_to_pass_contacts": referral.consent_to_pass_contacts,
                },
                "requests": list(Request.objects.filter(case=case).values("title", "description", "status")),
                "assessments": [
                    {
                        "version": a.version,
                        "assessed_on": _d(a.assessed_on),
                        "needs": a.needs,
                        "wishes": a.wishes,
                        "strengths": a.strengths,
                        "natural_resources": a.natural_resources,
                        "risk_factors": a.risk_factors,
                        "protective_factors": a.protective_factors,
                    }
                    for a in Assessment.objects.filter(case=case)
                ],
                "goals": list(Goal.objects.filter(case=case).values("title", "indicator", "status")),
                "tasks": [
                    {
                        "task": t.title,
                        "responsible": t.responsible_label or (t.responsible_actor.name if t.responsible_actor else ""),
                        "due_date": _d(t.due_date),
                        "status": t.status,
                        "note": t.note,
                    }
                    for t in Task.objects.filter(case=case).select_related("responsible_actor")
                ],
                "network": [
                    {
                        "name": a.name,
                        "contact_person": a.contact_person,
                        "role": a.role,
                        "support": a.support,
                        "support_kind": a.support_kind,
                        "since": _d(a.since),
                        "until": _d(a.until),
                    }
                    for a in NetworkActor.objects.filter(case=case)
                ],
                "activities": [
                    _activity(a) for a in Activity.objects.filter(case=case) if not a.restricted or a.pk in released
                ],
            }
        )
    return cases


def anonymise(case) -> None:
    """Blank the free text and contacts of a closed case (dates, states and statuses stay for
    statistics); the student's identity goes when no other case of theirs is still kept.
    Idempotent."""
    if not case.is_closed:
        return
    Activity.objects.filter(case=case).update(note="", participants="")
    Assessment.objects.filter(case=case).update(
        needs="", wishes="", strengths="", natural_resources="", risk_factors="", protective_factors=""
    )
    Referral.objects.filter(case=case).update(
        school_view="", referred_by_name="", asks_for="", file_reference="", institution_name=""
    )
    Request.objects.filter(case=case).update(description="")
    Task.objects.filter(case=case).update(title=ANONYMISED, note="", responsible_label="")
    for actor in NetworkActor.objects.filter(case=case).select_related("institution"):
        # A directory institution's name is not personal data; a free-text actor may be a person.
        actor.name = actor.institution.name if actor.institution_id else ANONYMISED
        actor.contact_person = actor.email = actor.phone = ""
        actor.save(update_fields=["name", "contact_person", "email", "phone"])
    Case.objects.filter(pk=case.pk).update(closure_summary="", close_persons_feedback="")
    for attachment in case.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
    student = case.student
    others = Case.objects.filter(student=student).exclude(pk=case.pk).select_related("organisation")
    if all(is_past_retention(other) for other in others):
        ClosePerson.objects.filter(student=student).delete()
        birth = student.date_of_birth
        type(student).objects.filter(pk=student.pk).update(
            first_name=ANONYMISED,
            last_name=f"#{student.pk}",
            search_name=normalise_name(f"{ANONYMISED} #{student.pk}"),
            # The birth year stays for statistics.
            date_of_birth=birth.replace(month=1, day=1) if birth else None,
            phone="",
            email="",
            address="",
        )
