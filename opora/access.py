"""THE authorisation module: who may see or do what. One place; views and selectors call it.

Conventions
-----------
* A request acts through one *membership* (user + organisation + role), chosen at sign-in.
* Anonymous visitors are sent to sign-in; a signed-in user without the right role gets 403.
* Objects of another organisation are answered with 404, never 403: their existence is not
  disclosed.
* Each domain adds its rules here as named ``can_*`` predicates and ``*_for`` query helpers,
  so the whole policy can be read top to bottom in this file.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from opora.accounts.models import Membership, Role

# Groups of roles, named by what they may do.
CASE_WORKERS = (Role.CASE_MANAGER, Role.COORDINATOR)
STAFF_OF_SERVICE = (Role.CASE_MANAGER, Role.COORDINATOR, Role.FACILITATOR)
ALL_ROLES = tuple(Role.values)


def otp_required() -> bool:
    return bool(getattr(settings, "OPORA_REQUIRE_2FA", True))


def is_verified(user) -> bool:
    """True when the user passed the second factor, or the second factor is not required and
    the user has no device (a user who enrolled a device always has to use it)."""
    if not user.is_authenticated:
        return False
    if user.is_verified():
        return True
    if otp_required():
        return False
    # Asked by the middleware and again by `member_required`: the device look-up (one query per
    # device type) is made once per request, on the request's user object.
    has_device = getattr(user, "_opora_has_device", None)
    if has_device is None:
        from django_otp import user_has_device

        has_device = user._opora_has_device = user_has_device(user, confirmed=True)
    return not has_device


def memberships_of(user) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(user=user, organisation__isnull=False)
        .select_related("organisation", "school")
        .order_by("organisation__name", "role")
    )


def member_required(*roles: str):
    """View decorator: a verified, signed-in user acting through a membership with one of
    `roles` (all roles when none are given). Sets nothing new: the middleware already put
    the membership on ``request.membership``."""

    allowed: Iterable[str] = roles or ALL_ROLES

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_verified(user):
                return redirect("accounts:otp")
            membership = getattr(request, "membership", None)
            if membership is None:
                if memberships_of(user):
                    return redirect("accounts:choose_organisation")
                raise PermissionDenied
            if membership.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.opora_roles = tuple(allowed)
        return wrapper

    return decorator


def in_organisation(membership: Membership, obj) -> bool:
    return obj is not None and getattr(obj, "organisation_id", None) == membership.organisation_id


def get_in_organisation(membership: Membership, queryset, **lookup):
    """Fetch one object of the membership's organisation, or raise 404 (never 403)."""
    obj = queryset.filter(organisation_id=membership.organisation_id, **lookup).first()
    if obj is None:
        raise Http404
    return obj


# --- Users and settings -------------------------------------------------------------------


def can_manage_users(membership: Membership) -> bool:
    """Admins manage users and settings of their organisation (but read no case content)."""
    return membership.role == Role.ADMIN


def can_read_audit_log(membership: Membership) -> bool:
    return membership.role in (Role.COORDINATOR, Role.ADMIN)


# --- Cases ------------------------------------------------------------------------------------
#
# Who sees a case (§1, §6):
# * the case team — the lead, the other case managers named on the case, and every coordinator
#   of the organisation — sees the whole case;
# * other case managers of the organisation see nothing of it (the coordinator adds them to
#   the team when they should help);
# * school staff see only cases their own school referred, and of those only the parts that
#   consent allows (the school view);
# * facilitators and external actors see only what their meetings and tasks give them;
# * admins manage users and settings and read no case content;
# * another organisation gets 404.

CASE_TEAM = "team"
CASE_SCHOOL = "school"


def case_access_level(membership: Membership, case) -> str | None:
    """ "team", "school" or None for this membership and case (same organisation assumed)."""
    if case.organisation_id != membership.organisation_id:
        return None
    if membership.role == Role.COORDINATOR:
        return CASE_TEAM
    if membership.role == Role.CASE_MANAGER:
        if case.lead_id == membership.pk or case.team.filter(pk=membership.pk).exists():
            return CASE_TEAM
        return None
    if membership.role == Role.SCHOOL_STAFF and membership.school_id and case.school_id == membership.school_id:
        return CASE_SCHOOL
    return None


def cases_for(membership: Membership):
    """The cases this membership may open at all (team or school view)."""
    from django.db.models import Q

    from opora.cases.models import Case

    qs = Case.objects.filter(organisation_id=membership.organisation_id)
    if membership.role == Role.COORDINATOR:
        return qs
    if membership.role == Role.CASE_MANAGER:
        return qs.filter(Q(lead_id=membership.pk) | Q(team__id=membership.pk)).distinct()
    if membership.role == Role.SCHOOL_STAFF and membership.school_id:
        return qs.filter(school_id=membership.school_id)
    return qs.none()


def get_case(membership: Membership, pk, *, team_only: bool = False, queryset=None):
    """The case with `pk` if this membership may open it; 404 for another organisation's
    (or a missing) case, 403 when it exists in the organisation but is not theirs."""
    from opora.cases.models import Case

    qs = queryset if queryset is not None else Case.objects.all()
    case = qs.filter(pk=pk, organisation_id=membership.organisation_id).first()
    if case is None:
        raise Http404
    level = case_access_level(membership, case)
    if level is None or (team_only and level != CASE_TEAM):
        raise PermissionDenied
    case.access_level = level
    return case


def can_edit_case(membership: Membership, case) -> bool:
    """Team members change open cases; a closed case is read-only until reopened."""
    return case_access_level(membership, case) == CASE_TEAM and not case.is_closed


# --- Case content (student pathway: activities, assessment, attachments…) ---------------------
# (rules added by the cases app go here)
#
# * the case team sees and (while the case is open) edits everything: family, assessment,
#   goals and plan, network, activities (restricted notes included), attachments;
# * school staff of the referring school get the school view only: name and class, state, the
#   referral and the panels other apps register — never assessment, family, activities or files;
# * case managers and coordinators record referrals; school staff refer students of their own
#   school once the partnership accepts referrals (§2 step 7);
# * the coordinator sees every case manager's caseload.


def can_view_case_content(membership: Membership, case) -> bool:
    """The whole case (assessment, family, activities, attachments): the case team only."""
    return case_access_level(membership, case) == CASE_TEAM


def can_see_restricted_notes(membership: Membership, case) -> bool:
    return case_access_level(membership, case) == CASE_TEAM


def can_refer(membership: Membership, school=None) -> bool:
    """May record a referral (for `school` when given)."""
    if membership.role in CASE_WORKERS:
        return school is None or school.organisation_id == membership.organisation_id
    if membership.role == Role.SCHOOL_STAFF and membership.school_id:
        from opora.schools.selectors import accepts_referrals

        return (school is None or school.pk == membership.school_id) and accepts_referrals(membership.school)
    return False


def can_view_caseload(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def can_change_lead(membership: Membership, case) -> bool:
    return membership.role == Role.COORDINATOR and can_edit_case(membership, case)


#
#
#
#
#
# --- Consent and information sharing -------------------------------------------------------
# (rules added by the consents app go here)
#
# * Consents, reports to the school and the case's disclosures: the case team reads and writes
#   them (coordinators included); the school staff of the referring school read only the
#   reports sent to their school; nobody else.
# * Disclosure on legal duty (suspected endangerment, to OSPOD/police only): a case manager of
#   the case team or a coordinator.
# * The disclosure register across cases, a case's audit log ("who looked at this child's
#   file"), subject access: coordinators. Retention settings: coordinators and admins.
# * External actors with an account (role "external", linked through NetworkActor.membership)
#   see their own tasks only — no case page. Case managers not on the team: nothing.


def can_manage_consents(membership: Membership, case) -> bool:
    return case_access_level(membership, case) == CASE_TEAM


def can_disclose_on_legal_duty(membership: Membership, case) -> bool:
    return membership.role in CASE_WORKERS and case_access_level(membership, case) == CASE_TEAM


def can_read_disclosure_register(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def can_read_case_audit(membership: Membership, case) -> bool:
    return membership.role == Role.COORDINATOR and case.organisation_id == membership.organisation_id


def can_request_subject_access(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def can_set_retention(membership: Membership) -> bool:
    return membership.role in (Role.COORDINATOR, Role.ADMIN)


def school_reports_for(membership: Membership):
    """Reports this membership may read: the case team's, or — for school staff — the reports
    sent to their own school about cases it referred."""
    from django.db.models import Q

    from opora.consents.models import SchoolReport

    qs = SchoolReport.objects.filter(case__organisation_id=membership.organisation_id)
    if membership.role == Role.COORDINATOR:
        return qs
    if membership.role == Role.CASE_MANAGER:
        return qs.filter(Q(case__lead_id=membership.pk) | Q(case__team__id=membership.pk)).distinct()
    if membership.role == Role.SCHOOL_STAFF and membership.school_id:
        return qs.filter(school_id=membership.school_id, case__school_id=membership.school_id, sent_at__isnull=False)
    return qs.none()


def tasks_for_external(membership: Membership):
    """An external actor's own tasks: those of the network actors linked to their account."""
    from django.db.models import Q

    from opora.cases.models import Task

    if membership.role != Role.EXTERNAL:
        return Task.objects.none()
    return Task.objects.filter(
        Q(responsible_actor__membership_id=membership.pk) | Q(responsible_membership_id=membership.pk),
        case__organisation_id=membership.organisation_id,
    )


#
#
#
#
#
# --- Meetings (case conferences, case meetings, educational commissions) -------------------
# (rules added by the meetings app go here)
# * the case team sees and edits every meeting of the case;
# * a facilitator sees and edits the meetings they facilitate (and nothing else of the case);
# * a participant with an account (school staff, an external actor) who was PRESENT sees the
#   minutes of that meeting, read-only; nobody else (school staff who were not there: nothing);
# * another organisation's meeting: 404. Final minutes are read-only for everybody.

MEETING_EDIT = "edit"
MEETING_MINUTES = "minutes"


def meeting_access_level(membership: Membership, meeting) -> str | None:
    """ "edit", "minutes" (attended: read the minutes) or None."""
    case = meeting.case
    if case.organisation_id != membership.organisation_id:
        return None
    if case_access_level(membership, case) == CASE_TEAM:
        return MEETING_EDIT
    if membership.role == Role.FACILITATOR and meeting.facilitator_id == membership.pk:
        return MEETING_EDIT
    if meeting.participants.filter(membership_id=membership.pk, attendance="present").exists():
        return MEETING_MINUTES
    return None


def get_meeting(membership: Membership, pk, *, edit: bool = False, queryset=None):
    """The meeting with `pk` if this membership may open it (404 other organisation, 403 not
    allowed). With edit=True only who may change it (team, its facilitator)."""
    from opora.meetings.models import Meeting

    qs = queryset if queryset is not None else Meeting.objects.select_related("case", "case__student")
    meeting = qs.filter(pk=pk, case__organisation_id=membership.organisation_id).first()
    if meeting is None:
        raise Http404
    level = meeting_access_level(membership, meeting)
    if level is None or (edit and level != MEETING_EDIT):
        raise PermissionDenied
    meeting.access_level = level
    return meeting


def can_edit_meeting(membership: Membership, meeting) -> bool:
    """Who may change the meeting and its minutes: team or its facilitator, while not final."""
    level = getattr(meeting, "access_level", None) or meeting_access_level(membership, meeting)
    return level == MEETING_EDIT and not meeting.is_final


def can_plan_meetings(membership: Membership, case) -> bool:
    """Only the case team creates meetings of a case."""
    return case_access_level(membership, case) == CASE_TEAM and not case.is_closed


def meetings_for(membership: Membership):
    """Every meeting this membership may open (for the calendar list)."""
    from django.db.models import Q

    from opora.meetings.models import Meeting

    qs = Meeting.objects.filter(case__organisation_id=membership.organisation_id)
    attended = Q(participants__membership_id=membership.pk, participants__attendance="present")
    if membership.role == Role.COORDINATOR:
        return qs
    if membership.role == Role.CASE_MANAGER:
        return qs.filter(Q(case__lead_id=membership.pk) | Q(case__team__id=membership.pk) | attended).distinct()
    if membership.role == Role.FACILITATOR:
        return qs.filter(Q(facilitator_id=membership.pk) | attended).distinct()
    return qs.filter(attended).distinct()


#
#
#
#
#
# --- Schools, partnership pipeline and the network directory --------------------------------
# (rules added by the schools and network apps go here)
#
# * The pipeline, its notes, contacts, evaluation, themes, locality work and the network
#   directory belong to the service: coordinators and case managers of the organisation.
# * Only the coordinator moves a school in the pipeline (and imports schools from CSV); case
#   managers see the pipeline, edit school data and contacts, record evaluation meetings,
#   themes, locality needs, locality meetings and case studies, and view and edit directory
#   entries (they are the ones who verify the contacts in their daily work).
# * School staff see only their own school's page (basic data, ŠPP contacts, themes in
#   aggregate above the threshold, evaluation meeting dates) — never the pipeline or notes.
# * Facilitators and admins see none of this (403); another organisation's school → 404.


def can_work_with_schools(membership: Membership) -> bool:
    return membership.role in CASE_WORKERS


def can_move_pipeline(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def can_use_directory(membership: Membership) -> bool:
    return membership.role in CASE_WORKERS


def school_view_level(membership: Membership, school) -> str | None:
    """ "service" (the whole school record), "school" (the school's own limited page) or None."""
    if school.organisation_id != membership.organisation_id:
        return None
    if membership.role in CASE_WORKERS:
        return "service"
    if membership.role == Role.SCHOOL_STAFF and membership.school_id == school.pk:
        return "school"
    return None


def get_school(membership: Membership, pk, *, service_only: bool = False, queryset=None):
    """The school `pk` for this membership: 404 when it is another organisation's, 403 when it
    may not be seen (or only the school's own page exists and `service_only` is asked)."""
    from opora.schools.models import School

    school = get_in_organisation(membership, queryset if queryset is not None else School.objects.all(), pk=pk)
    level = school_view_level(membership, school)
    if level is None or (service_only and level != "service"):
        raise PermissionDenied
    school.view_level = level
    return school


def schools_for(membership: Membership):
    from opora.schools.models import School

    if membership.role in CASE_WORKERS:
        return School.objects.filter(organisation_id=membership.organisation_id)
    if membership.role == Role.SCHOOL_STAFF and membership.school_id:
        return School.objects.filter(organisation_id=membership.organisation_id, pk=membership.school_id)
    return School.objects.none()


def institutions_for(membership: Membership):
    from opora.network.models import Institution

    if membership.role in CASE_WORKERS:
        return Institution.objects.filter(organisation_id=membership.organisation_id)
    return Institution.objects.none()


def can_see_case_study(membership: Membership, study) -> bool:
    """Before confirmation a case study still holds the story with real names: only its author,
    the case team and coordinators see it. Once confirmed (anonymous) every case worker of the
    organisation does."""
    if membership.role not in CASE_WORKERS or study.meeting.organisation_id != membership.organisation_id:
        return False
    if study.is_confirmed or membership.role == Role.COORDINATOR or study.by_id == membership.pk:
        return True
    return study.case is not None and case_access_level(membership, study.case) == CASE_TEAM
