"""THE authorisation module: who may see, do or receive what. Every rule lives here.

Conventions
-----------
* A request acts through one *membership* (user + organisation + role), chosen at sign-in.
* Views declare what a membership must be able to do with ``@member_required(capability)``,
  where ``capability`` is one of the ``can_*`` predicates below (never a tuple of roles).
  Anonymous visitors are sent to sign-in; a membership without the capability gets 403 — the
  answer does not depend on any object, so it discloses nothing.
* Objects are fetched only through the ``fetch_*`` functions of this module, one per object
  kind. Each answers **404** for anything the membership may not see, whatever the reason
  (another organisation, not on the case team, another school, missing): there is no
  403/404 oracle. Each records the read (with the section shown) or the denial in the audit
  log, so views never audit reads themselves.
* Denials raised anywhere below ``member_required`` (403 or 404) are audited once, there.
* Decisions are made on facts the system knows — the membership's role and school, the case
  team, who referred the case, consents in force — never on a label a user typed.
* Whether information may LEAVE the case team (to a school, an institution, a person) is
  decided by :func:`opora.consents.checks.sharing_decision`, which uses the predicates here for
  who-is-who.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from opora.accounts.models import Membership, Role

Capability = Callable[[Membership], bool]


class NotVisible(Http404):
    """Raised by the fetch functions: the object is missing or not for this membership.
    Already audited where it was raised."""

    audited = True


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


def _audit_denial(request, status: int, *, object_type: str = "", object_id="", reason: str = "") -> None:
    from opora.audit.services import audit_log

    audit_log(
        action="access.denied",
        request=request,
        object_type=object_type,
        object_id=object_id,
        data={"status": status, "path": request.path, "method": request.method, "reason": reason},
    )


def member_required(capability: Capability | None = None):
    """View decorator: a verified, signed-in user acting through a membership for which
    ``capability(membership)`` holds (any membership when none is given). The middleware has
    already put the membership on ``request.membership``. Every 403/404 raised by the view is
    audited here once (the fetch functions audit their own, with the object)."""

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
                _audit_denial(request, 403, reason="no membership")
                raise PermissionDenied
            if capability is not None and not capability(membership):
                _audit_denial(request, 403, reason=capability.__name__)
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                _audit_denial(request, 403, reason="view")
                raise
            except Http404 as exc:
                if not getattr(exc, "audited", False):
                    _audit_denial(request, 404, reason="view")
                raise

        wrapper.opora_capability = capability
        return wrapper

    return decorator


def _section_of(request) -> str:
    """What the request shows, named by its URL: "minutes_pdf", "invitation_pdf participant_pk=7"."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    extra = " ".join(f"{k}={v}" for k, v in sorted(match.kwargs.items()) if k not in ("pk", "case_pk"))
    return f"{match.url_name} {extra}".strip()


def _fetch(request, queryset, pk, *, allowed: Callable[[object], bool], action: str, section="", rows=None):
    """The one fetch path: the object `pk` of `queryset` if `allowed(obj)`, audited; else 404.
    `section` (what is shown: a tab, a form…) may be a callable of the object. `rows(pk)`, when
    given, reads the object instead of `queryset` (a compiled query, with the same filters)."""
    from opora.audit.services import audit_log

    model = queryset.model
    try:
        # One row by its key: no ORDER BY (the models' default ordering made Django hash every
        # selected column of the wide select_related queries for nothing).
        found = rows(pk) if rows is not None else list(queryset.filter(pk=pk).order_by()[:1])
        obj = found[0] if found else None
    except (ValueError, TypeError):
        obj = None
    if obj is None or not allowed(obj):
        _audit_denial(request, 404, object_type=model._meta.label_lower, object_id=pk, reason=action)
        raise NotVisible
    if action:
        shown = section(obj) if callable(section) else (section or _section_of(request))
        audit_log(action=action, request=request, obj=obj, data={"section": shown} if shown else None)
    return obj


# --- Capabilities: what a membership may do at all, whatever the object ---------------------


def can_see_overview(membership: Membership) -> bool:
    """The overview page: every role that works with cases, schools or meetings."""
    return membership.role != Role.ADMIN


def can_open_cases(membership: Membership) -> bool:
    """The case list and case pages (what is shown depends on the case, below)."""
    return membership.role in (Role.CASE_MANAGER, Role.COORDINATOR, Role.SCHOOL_STAFF)


def can_work_on_cases(membership: Membership) -> bool:
    """Case work of the service (the case team is decided per case below)."""
    return membership.role in (Role.CASE_MANAGER, Role.COORDINATOR)


def has_own_caseload(membership: Membership) -> bool:
    return membership.role == Role.CASE_MANAGER


def can_run_meetings(membership: Membership) -> bool:
    """Staff of the service who prepare and run meetings (facilitators included)."""
    return membership.role in (Role.CASE_MANAGER, Role.COORDINATOR, Role.FACILITATOR)


def can_open_meetings(membership: Membership) -> bool:
    """Anyone who may have a meeting to open: staff, and participants with an account."""
    return membership.role != Role.ADMIN


def has_external_tasks(membership: Membership) -> bool:
    return membership.role == Role.EXTERNAL


def is_school_member(membership: Membership) -> bool:
    return membership.role == Role.SCHOOL_STAFF and membership.school_id is not None


def can_manage_users(membership: Membership) -> bool:
    """Admins manage users and settings of their organisation (but read no case content)."""
    return membership.role == Role.ADMIN


def can_reset_two_factor(membership: Membership, target: Membership) -> bool:
    """An admin resets the second factor only of a person who works in no other organisation:
    the power of one organisation's admin must not reach an account another organisation
    relies on. Such a person uses their recovery codes, or a superuser resets it
    (``manage.py reset_two_factor``). A pending invitation has no account to reset."""
    if not can_manage_users(membership) or target.organisation_id != membership.organisation_id:
        return False
    if target.user_id is None:
        return False
    return (
        not Membership.objects.active()
        .filter(user_id=target.user_id)
        .exclude(organisation_id=membership.organisation_id)
        .exists()
    )


def can_read_audit_log(membership: Membership) -> bool:
    return membership.role in (Role.COORDINATOR, Role.ADMIN)


def can_view_caseload(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def fetch_membership(request, pk):
    """A membership of the admin's own organisation (user administration)."""
    qs = Membership.objects.select_related("user", "organisation", "school").filter(
        organisation_id=request.membership.organisation_id
    )
    return _fetch(request, qs, pk, allowed=lambda m: can_manage_users(request.membership), action="")


# --- Cases ------------------------------------------------------------------------------------
#
# Who sees a case (§1, §6):
# * the case team — the lead, the other case managers named on the case, and every coordinator
#   of the organisation — sees the whole case;
# * other case managers of the organisation see nothing of it (the coordinator adds them to
#   the team when they should help);
# * school staff see a case only when THEIR school referred it (the case's referring school is
#   theirs and the referrer is the school), or when a consent in force names their school; and
#   then only the school view. A case referred by OSPOD, the family or the student is invisible
#   to the school otherwise — whatever school the student attends;
# * facilitators and external actors see only what their meetings and tasks give them;
# * admins manage users and settings and read no case content;
# * another organisation: 404, like anything else not visible.

CASE_TEAM = "team"
CASE_SCHOOL = "school"


def _consents_in_force_naming_school(on=None):
    """Consents in force on `on` that name the referring school (a queryset of case ids)."""
    from opora.consents.models import Consent

    on = on or timezone.localdate()
    return (
        Consent.objects.filter(to_school=True, given_on__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .values("case_id")
    )


def referred_by_school(case) -> bool:
    """The case was referred by its school (a fact of the referral, not the student's school)."""
    from opora.cases.models import ReferrerKind

    return case.school_id is not None and case.referrer_kind == ReferrerKind.SCHOOL


def school_may_see_case(membership: Membership, case) -> bool:
    if not is_school_member(membership) or case.school_id != membership.school_id:
        return False
    if referred_by_school(case):
        return True
    return _consents_in_force_naming_school().filter(case_id=case.pk).exists()


def is_on_case_team(membership: Membership, case) -> bool:
    if case.organisation_id != membership.organisation_id:
        return False
    if membership.role == Role.COORDINATOR:
        return True
    if membership.role == Role.CASE_MANAGER:
        return case.lead_id == membership.pk or case.team.filter(pk=membership.pk).exists()
    return False


def case_access_level(membership: Membership, case) -> str | None:
    """ "team", "school" or None for this membership and case.

    On a case fetched for this request (``fetch_case``) the answer is remembered per membership:
    the case page asks it for every tab, badge and button, and for a team member who is not the
    lead (or a school) each answer would cost a query. Only the instances ``fetch_case`` reads
    remember; a service changing the team or the lead calls ``forget_case_access``."""
    memo = getattr(case, "_access_levels", None)
    if memo is not None and membership.pk in memo:
        return memo[membership.pk]
    level = _case_access_level(membership, case)
    if memo is not None:
        memo[membership.pk] = level
    return level


def _case_access_level(membership: Membership, case) -> str | None:
    if case.organisation_id != membership.organisation_id:
        return None
    if is_on_case_team(membership, case):
        return CASE_TEAM
    if school_may_see_case(membership, case):
        return CASE_SCHOOL
    return None


def forget_case_access(case) -> None:
    """After a change of the case's team or lead: the next question is answered afresh."""
    memo = getattr(case, "_access_levels", None)
    if memo is not None:
        memo.clear()


def team_case_ids(membership: Membership):
    """Ids of the cases naming this membership in their team (a subquery, not a join: a join
    would need DISTINCT, which keeps PostgreSQL from paging along the list-order index)."""
    from opora.cases.models import Case

    return Case.team.through.objects.filter(membership_id=membership.pk).values("case_id")


def cases_for(membership: Membership):
    """The cases this membership may open at all (team or school view)."""
    from opora.cases.models import Case, ReferrerKind

    qs = Case.objects.filter(organisation_id=membership.organisation_id)
    if membership.role == Role.COORDINATOR:
        return qs
    if membership.role == Role.CASE_MANAGER:
        return qs.filter(Q(lead_id=membership.pk) | Q(pk__in=team_case_ids(membership)))
    if is_school_member(membership):
        return qs.filter(school_id=membership.school_id).filter(
            Q(referrer_kind=ReferrerKind.SCHOOL) | Q(pk__in=_consents_in_force_naming_school())
        )
    return qs.none()


def case_ids_for(membership: Membership):
    """The ids of ``cases_for``, for ``case_id__in=…`` on a few rows (a membership's own tasks):
    for a case manager the UNION of the cases it leads and those whose team names it, each on
    its own index, where ``cases_for``'s OR makes the database read the organisation's cases."""
    from opora.core.orm import union_subquery

    if membership.role == Role.CASE_MANAGER:
        from opora.cases.models import Case

        cases = Case.objects.filter(organisation_id=membership.organisation_id)
        return union_subquery(
            cases.filter(lead_id=membership.pk).values("pk"),
            cases.filter(pk__in=team_case_ids(membership)).values("pk"),
        )
    return cases_for(membership).values("pk")


# --- Compiled queries (opora.core.orm.CompiledQuery) -------------------------------------------
#
# A query decided by this module can be compiled once and run with new values when the policy is
# asked about a *stand-in* membership built of the values: the facts this module decides reads by
# are a membership's role, organisation, id and school (opora/core/tests/test_architecture.py
# keeps it so). The role and whether there is a school are the query's shape; the ids its values.


def member_allowed(request, may) -> Membership | None:
    """The request's membership when the policy function `may(membership)` allows it, else None:
    the one question a panel's prepared queries and its load both ask."""
    membership = getattr(request, "membership", None)
    return membership if membership is not None and may(membership) else None


def membership_shape(membership: Membership) -> tuple:
    return (membership.role, membership.school_id is None)


def membership_values(membership: Membership) -> dict:
    """The values of a compiled query for `membership`: its organisation (every such query is
    of one organisation, so it must use it), its id and its school (used or not, by the role)."""
    values = {"organisation": membership.organisation_id, "membership": membership.pk}
    if membership.school_id is not None:
        values["school"] = membership.school_id
    return values


def stand_in(shape: tuple, organisation: int, membership: int, school: int | None = None) -> Membership:
    """A membership of `shape` built of a compiled query's values, to ask the policy about."""
    return Membership(pk=membership, organisation_id=organisation, role=shape[0], school_id=school)


def compiled_for(queries: dict, key, build, membership: Membership, *, lists=None, optional=(), **values) -> list:
    """The rows of ``build(stand_in, **values)`` for `membership` — a queryset of a module-level
    function that asks this module about a stand-in of the same shape — by a query compiled once
    per connection, `key` and shape of the membership, kept in `queries`. `values`: integers,
    dates, aware date-times and texts (their kinds are those of the first call of a key), and `lists`
    of ids of a fixed length (``CompiledQuery``). The query must use the organisation, unless
    `optional` names it."""
    return compiled_call(queries, key, build, membership, lists=lists, optional=optional, **values).rows()


def compiled_call(queries: dict, key, build, membership: Membership, *, lists=None, optional=(), **values):
    """``compiled_for`` not run yet: an ``opora.core.orm.Call``, for ``orm.run_together``."""
    from opora.core.orm import CompiledQuery

    shape = membership_shape(membership)
    query = queries.get((key, shape))
    if query is None:

        def compile_build(organisation, membership, school=None, **given):
            return build(stand_in(shape, organisation, membership, school), **given)

        def named(kind):
            return tuple(name for name, value in values.items() if type(value) is kind)

        query = CompiledQuery(
            compile_build,
            "organisation",
            "membership",
            *["school"] * (not shape[1]),
            *named(int),
            dates=named(datetime.date),
            datetimes=named(datetime.datetime),
            strings=named(str),
            lists=lists,
            optional=("membership", "school", *optional),
        )
        queries[(key, shape)] = query
    return query.call(**membership_values(membership), **values)


def fetch_case(request, pk, *, section, team_only: bool = True, queryset=None, compiled=None):
    """The case `pk` if this membership may open it (the case team; with ``team_only=False``
    also the school view), with ``access_level`` set; 404 otherwise. Audits the read with the
    section shown (a tab, a form…). `compiled(case, organisation)`: the page's query compiled
    once (``cases.selectors.case_page_query``), given the case's id and the membership's
    organisation, read instead of `queryset`."""
    from opora.cases.models import Case

    membership = request.membership
    qs = queryset if queryset is not None else Case.objects.all()
    rows = None
    if compiled is None:
        qs = qs.filter(organisation_id=membership.organisation_id)
    else:  # the compiled query has the same filter; the queryset only names the model

        def rows(key):
            return compiled(case=key, organisation=membership.organisation_id)

    def allowed(case):
        case._access_levels = {}  # this request's answers on this instance (case_access_level)
        # The case is of the membership's organisation (filtered above), which the middleware has
        # read already: set, not joined (each outer join of the case page's query cost PostgreSQL
        # a millisecond of planning for a query that runs in a tenth of one).
        organisation_field = Case._meta.get_field("organisation")
        if case.organisation_id == membership.organisation_id and not organisation_field.is_cached(case):
            organisation_field.set_cached_value(case, membership.organisation)
        level = case_access_level(membership, case)
        case.access_level = level
        return level == CASE_TEAM or (level == CASE_SCHOOL and not team_only)

    return _fetch(request, qs, pk, allowed=allowed, action="cases.view", section=section, rows=rows)


def can_edit_case(membership: Membership, case) -> bool:
    """Team members change open cases; a closed case is read-only until reopened."""
    return case_access_level(membership, case) == CASE_TEAM and not case.is_closed


def fetch_case_for_edit(request, pk, *, section: str, queryset=None):
    """The case to change: the team's, and open (a closed case only for reopening, which the
    workflow view asks with ``fetch_case``). 404 for anything else."""
    case = fetch_case(request, pk, section=section, queryset=queryset)
    if case.is_closed:
        raise PermissionDenied
    return case


# --- Case content (student pathway: activities, assessment, attachments…) ---------------------
#
# * the case team sees and (while the case is open) edits everything: family, assessment,
#   goals and plan, network, activities (restricted notes included), attachments;
# * school staff of the referring school get the school view only: name and class, state, the
#   school's own referral and the panels other apps register — never assessment, family,
#   activities or files;
# * case managers and coordinators record referrals; school staff refer students of their own
#   school once the partnership accepts referrals (§2 step 7);
# * the coordinator sees every case manager's caseload and assigns a school's referral.


def can_view_case_content(membership: Membership, case) -> bool:
    """The whole case (assessment, family, activities, attachments): the case team only."""
    return case_access_level(membership, case) == CASE_TEAM


def can_see_restricted_notes(membership: Membership, case) -> bool:
    return case_access_level(membership, case) == CASE_TEAM


def can_refer(membership: Membership, school=None) -> bool:
    """May record a referral (for `school` when given)."""
    if can_work_on_cases(membership):
        return school is None or school.organisation_id == membership.organisation_id
    if is_school_member(membership):
        from opora.schools.selectors import accepts_referrals

        return (school is None or school.pk == membership.school_id) and accepts_referrals(membership.school)
    return False


def refers_as_school(membership: Membership) -> bool:
    """A school's own referral: the school is the referrer and a coordinator assigns the lead."""
    return is_school_member(membership)


def referral_assignee(membership: Membership):
    """Who takes over a referral made by a school: the organisation's first active coordinator."""
    return (
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role=Role.COORDINATOR)
        .order_by("pk")
        .first()
    )


def can_change_lead(membership: Membership, case) -> bool:
    return membership.role == Role.COORDINATOR and can_edit_case(membership, case)


def possible_leads(organisation):
    """Memberships that may lead a case: active case managers of the organisation."""
    return Membership.objects.active().filter(organisation=organisation, role=Role.CASE_MANAGER)


def possible_team_members(organisation):
    """Memberships that may be on a case team: case managers and coordinators."""
    return Membership.objects.active().filter(organisation=organisation, role__in=[Role.CASE_MANAGER, Role.COORDINATOR])


# --- Families (§8) ---------------------------------------------------------------------------
#
# * A family (its adults and children) is seen by the team of any case linked to it — a child's
#   case or the family case — and by the organisation's coordinators; they also edit it and
#   link their own open cases to it.
# * From a case, its team sees the family and the siblings' cases it may open AS THE CASE TEAM
#   (another case manager's case of a sibling stays hidden until the coordinator adds them).
# * School staff never see a family or a sibling's case through the family — not even of a child
#   their school referred: the family page answers 404, like a case of another school.
# * Facilitators, external actors and admins: no family pages (403); another organisation: 404.


def can_open_families(membership: Membership) -> bool:
    """The family pages may be asked for (what is shown depends on the family, below)."""
    return can_open_cases(membership)


def team_cases_for(membership: Membership):
    """The cases this membership may open as the case team (never a school's view)."""
    from opora.cases.models import Case

    if not can_work_on_cases(membership):
        return Case.objects.none()
    return cases_for(membership)


def families_for(membership: Membership):
    """Families this membership may see: coordinators all of the organisation's; a case manager
    those with a case whose team they are on; nobody else."""
    from opora.families.models import Family

    qs = Family.objects.filter(organisation_id=membership.organisation_id)
    if membership.role == Role.COORDINATOR:
        return qs
    if membership.role == Role.CASE_MANAGER:
        return qs.filter(pk__in=team_cases_for(membership).filter(family__isnull=False).values("family_id"))
    return qs.none()


def fetch_family(request, pk, *, section=""):
    """The family `pk` if this membership may see it; 404 otherwise (audited either way)."""
    return _fetch(
        request, families_for(request.membership), pk, allowed=lambda f: True, action="families.view", section=section
    )


def family_cases_for(membership: Membership, family):
    """The cases of the family this membership may open as the case team."""
    return team_cases_for(membership).filter(family_id=family.pk)


def sibling_cases_for(membership: Membership, case):
    """The other cases of the case's family that this membership may open as the case team;
    none unless it is on this case's team (a school's view shows no siblings)."""
    from opora.cases.models import Case

    if case.family_id is None or case_access_level(membership, case) != CASE_TEAM:
        return Case.objects.none()
    return team_cases_for(membership).filter(family_id=case.family_id).exclude(pk=case.pk)


def can_see_case_family(membership: Membership, case) -> bool:
    """The family tab of a case: its team only."""
    return case_access_level(membership, case) == CASE_TEAM


# --- Consent and information sharing -------------------------------------------------------
#
# * Consents, reports to the school and the case's disclosures: the case team reads and writes
#   them (coordinators included); the school staff of the referring school read only the
#   reports SENT to their school about cases it may see; nobody else.
# * Disclosure on legal duty (suspected endangerment, to institutions of kind OSPOD/police
#   only) and the answer to a court's written request (to a court only): a case manager of the
#   case team or a coordinator.
# * The disclosure register across cases, a case's audit log ("who looked at this child's
#   file"), subject access: coordinators. Retention settings: coordinators and admins.
# * External actors with an account (role "external", linked through NetworkActor.membership)
#   see their own tasks only — no case page. Case managers not on the team: nothing.


def can_manage_consents(membership: Membership, case) -> bool:
    return case_access_level(membership, case) == CASE_TEAM


def can_disclose_on_legal_duty(membership: Membership, case) -> bool:
    return can_work_on_cases(membership) and case_access_level(membership, case) == CASE_TEAM


def can_disclose_on_court_request(membership: Membership, case) -> bool:
    """Answering a court's written request (to a court, with its reference): as the legal duty."""
    return can_disclose_on_legal_duty(membership, case)


def can_read_disclosure_register(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def can_read_case_audit(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def can_request_subject_access(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def can_set_retention(membership: Membership) -> bool:
    return membership.role in (Role.COORDINATOR, Role.ADMIN)


def school_reports_for(membership: Membership):
    """Reports this membership may read: the case team's, or — for school staff — the reports
    sent to their own school about cases the school may see."""
    from opora.consents.models import SchoolReport

    qs = SchoolReport.objects.filter(case__organisation_id=membership.organisation_id)
    if membership.role == Role.COORDINATOR:
        return qs
    if membership.role == Role.CASE_MANAGER:
        return qs.filter(Q(case__lead_id=membership.pk) | Q(case_id__in=team_case_ids(membership)))
    if is_school_member(membership):
        return qs.filter(
            school_id=membership.school_id,
            sent_at__isnull=False,
            case__in=cases_for(membership),
        )
    return qs.none()


def fetch_report(request, pk, *, team_only: bool = False):
    """A report to the school: the case team's, or a sent one for the staff of its school."""
    membership = request.membership
    qs = school_reports_for(membership).select_related("case", "school", "written_by__user")

    def allowed(report):
        return not team_only or can_manage_consents(membership, report.case)

    return _fetch(request, qs, pk, allowed=allowed, action="consents.report_view")


def fetch_consent(request, pk):
    """A consent of a case whose team the membership is on."""
    from opora.consents.models import Consent

    membership = request.membership
    qs = Consent.objects.select_related("case").filter(case__organisation_id=membership.organisation_id)
    return _fetch(
        request, qs, pk, allowed=lambda c: can_manage_consents(membership, c.case), action="consents.consent_view"
    )


def fetch_student(request, pk):
    """A student of the organisation, for subject access (coordinators only)."""
    from opora.cases.models import Student

    membership = request.membership
    qs = Student.objects.filter(organisation_id=membership.organisation_id)
    return _fetch(request, qs, pk, allowed=lambda s: can_request_subject_access(membership), action="")


def tasks_for_external(membership: Membership):
    """An external actor's own tasks: those of the network actors linked to their account."""
    from opora.cases.models import Task

    if not has_external_tasks(membership):
        return Task.objects.none()
    return Task.objects.filter(
        Q(responsible_actor__membership_id=membership.pk) | Q(responsible_membership_id=membership.pk),
        case__organisation_id=membership.organisation_id,
    )


# --- Meetings (case conferences, case meetings, educational commissions) -------------------
# * the case team sees and edits every meeting of the case;
# * a facilitator sees and edits the meetings they facilitate (and nothing else of the case);
# * a participant with an account (school staff, an external actor) who was PRESENT and whose
#   invitation PASSED the sharing check (a disclosure was recorded: Participant.
#   invitation_disclosure) sees the minutes of that meeting, read-only; nobody else — school
#   staff who were not there, or of a school the consent does not cover (ticked present or not):
#   nothing;
# * a meeting the membership may not open answers 404, whatever the reason (no existence
#   oracle). Final minutes are read-only for everybody.

MEETING_EDIT = "edit"
MEETING_MINUTES = "minutes"


def possible_conveners(organisation):
    """Memberships that may convene or facilitate a meeting: the organisation's active case
    managers, coordinators and facilitators — never the admin, school staff or external users."""
    return Membership.objects.active().filter(
        organisation=organisation, role__in=[Role.CASE_MANAGER, Role.COORDINATOR, Role.FACILITATOR]
    )


def minutes_reader_lookups(membership: Membership, prefix: str = "") -> dict:
    """Lookups of a participation that lets `membership` read the minutes: present, and the
    invitation passed the sharing check (opora.meetings.services.invitation_send)."""
    return {
        f"{prefix}membership_id": membership.pk,
        f"{prefix}attendance": "present",
        f"{prefix}invitation_disclosure__isnull": False,
    }


def meeting_access_level(membership: Membership, meeting) -> str | None:
    """ "edit", "minutes" (attended: read the minutes) or None."""
    case = meeting.case
    if case.organisation_id != membership.organisation_id:
        return None
    if case_access_level(membership, case) == CASE_TEAM:
        return MEETING_EDIT
    if membership.role == Role.FACILITATOR and meeting.facilitator_id == membership.pk:
        return MEETING_EDIT
    if meeting.participants.filter(**minutes_reader_lookups(membership)).exists():
        # The invitation passed the sharing check when it was sent; the minutes are read later,
        # so the family's consent must still cover them now (a withdrawal stops the reading too).
        from opora.consents.checks import sharing_decision

        if sharing_decision(case=case, category="minutes", recipient=membership):
            return MEETING_MINUTES
    return None


def fetch_meeting(request, pk, *, edit: bool = False, section="", queryset=None, compiled=None):
    """The meeting `pk` if this membership may open it (with ``edit=True`` only who may change
    it: the case team and its facilitator); 404 otherwise. Audits the read. `compiled(meeting,
    organisation)`: the page's compiled reads (``meetings.selectors.meeting_page_rows``), with
    the same organisation filter, read instead of `queryset`."""
    from opora.meetings.models import Meeting

    membership = request.membership
    qs = queryset if queryset is not None else Meeting.objects.select_related("case", "case__student")
    rows = None
    if compiled is None:
        qs = qs.filter(case__organisation_id=membership.organisation_id)
    else:

        def rows(key):
            return compiled(meeting=key, organisation=membership.organisation_id)

    def allowed(meeting):
        level = meeting_access_level(membership, meeting)
        meeting.access_level = level
        return level == MEETING_EDIT if edit else level is not None

    return _fetch(request, qs, pk, allowed=allowed, action="meetings.view", section=section, rows=rows)


def can_edit_meeting(membership: Membership, meeting) -> bool:
    """Who may change the meeting and its minutes: team or its facilitator, while the minutes
    are not final and the meeting is not cancelled (a cancelled meeting is never held)."""
    level = getattr(meeting, "access_level", None) or meeting_access_level(membership, meeting)
    return level == MEETING_EDIT and not meeting.is_final and not meeting.is_cancelled


def is_meeting_case_team(membership: Membership, meeting) -> bool:
    """The case team of the meeting's case (invites participants, sees the case behind it)."""
    return case_access_level(membership, meeting.case) == CASE_TEAM


def can_plan_meetings(membership: Membership, case) -> bool:
    """Only the case team creates meetings of a case."""
    return case_access_level(membership, case) == CASE_TEAM and not case.is_closed


def meetings_for(membership: Membership):
    """Every meeting this membership may open (for the calendar list)."""
    from opora.core.orm import union_subquery
    from opora.meetings.models import Meeting, Participant

    qs = Meeting.objects.filter(case__organisation_id=membership.organisation_id)
    if membership.role == Role.COORDINATOR:
        return qs
    # Subqueries, not joins: no DISTINCT (which sorted every meeting of the organisation); a
    # UNION of them, not an OR, so that each part uses its own index (an OR scanned all the
    # organisation's meetings and cases for a case manager's upcoming meetings).
    readable = Participant.objects.filter(**minutes_reader_lookups(membership))
    attended = qs.filter(pk__in=readable.values("meeting_id")).values("pk")
    if membership.role == Role.CASE_MANAGER:
        led = qs.filter(case__lead_id=membership.pk).values("pk")
        team = qs.filter(case_id__in=team_case_ids(membership)).values("pk")
        return qs.filter(pk__in=union_subquery(led, team, attended))
    if membership.role == Role.FACILITATOR:
        facilitated = qs.filter(facilitator_id=membership.pk).values("pk")
        return qs.filter(pk__in=union_subquery(facilitated, attended))
    return qs.filter(pk__in=attended)


# --- Schools, partnership pipeline and the network directory --------------------------------
#
# * The pipeline, its notes, contacts, evaluation, themes, locality work and the network
#   directory belong to the service: coordinators and case managers of the organisation.
# * Only the coordinator moves a school in the pipeline (and imports schools from CSV); case
#   managers see the pipeline, edit school data and contacts, record evaluation meetings,
#   themes, locality needs, locality meetings and case studies, and view and edit directory
#   entries (they are the ones who verify the contacts in their daily work).
# * School staff see only their own school's page (basic data, ŠPP contacts, themes in
#   aggregate above the threshold, evaluation meeting dates) — never the pipeline or notes.
# * Facilitators and admins see none of this (403); a school not visible → 404.

SCHOOL_SERVICE = "service"
SCHOOL_OWN = "school"


def can_work_with_schools(membership: Membership) -> bool:
    return can_work_on_cases(membership)


def can_open_schools(membership: Membership) -> bool:
    """The service's school records, or a school member's own school page."""
    return can_work_with_schools(membership) or is_school_member(membership)


def can_move_pipeline(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def can_use_directory(membership: Membership) -> bool:
    return can_work_on_cases(membership)


def school_view_level(membership: Membership, school) -> str | None:
    """ "service" (the whole school record), "school" (the school's own limited page) or None."""
    if school.organisation_id != membership.organisation_id:
        return None
    if can_work_with_schools(membership):
        return SCHOOL_SERVICE
    if is_school_member(membership) and membership.school_id == school.pk:
        return SCHOOL_OWN
    return None


def fetch_school(request, pk, *, service_only: bool = False, queryset=None):
    """The school `pk` for this membership (404 when it may not be seen, or only the school's
    own page exists and `service_only` is asked)."""
    from opora.schools.models import School

    membership = request.membership
    qs = (queryset if queryset is not None else School.objects.all()).filter(organisation_id=membership.organisation_id)

    def allowed(school):
        level = school_view_level(membership, school)
        school.view_level = level
        return level == SCHOOL_SERVICE or (level == SCHOOL_OWN and not service_only)

    return _fetch(request, qs, pk, allowed=allowed, action="schools.view")


def schools_for(membership: Membership):
    from opora.schools.models import School

    if can_work_with_schools(membership):
        return School.objects.filter(organisation_id=membership.organisation_id)
    if is_school_member(membership):
        return School.objects.filter(organisation_id=membership.organisation_id, pk=membership.school_id)
    return School.objects.none()


def can_set_institution_kind(membership: Membership) -> bool:
    """The kind of a directory entry (OSPOD, police, court…) decides where information may go
    without consent: only coordinators set or change it (case managers edit the rest)."""
    return membership.role == Role.COORDINATOR


def institutions_for(membership: Membership):
    from opora.network.models import Institution

    if can_use_directory(membership):
        return Institution.objects.filter(organisation_id=membership.organisation_id)
    return Institution.objects.none()


def fetch_institution(request, pk):
    return _fetch(request, institutions_for(request.membership), pk, allowed=lambda i: True, action="")


def fetch_locality_meeting(request, pk):
    from opora.schools.models import LocalityMeeting

    membership = request.membership
    qs = LocalityMeeting.objects.filter(organisation_id=membership.organisation_id)
    return _fetch(request, qs, pk, allowed=lambda m: can_work_with_schools(membership), action="")


def can_see_case_study(membership: Membership, study) -> bool:
    """Before confirmation a case study still holds the story with real names: only its author,
    the case team and coordinators see it. Once confirmed (anonymous) every case worker of the
    organisation does."""
    if not can_work_with_schools(membership) or study.meeting.organisation_id != membership.organisation_id:
        return False
    if study.is_confirmed or membership.role == Role.COORDINATOR or study.by_id == membership.pk:
        return True
    return study.case is not None and case_access_level(membership, study.case) == CASE_TEAM


def fetch_case_study(request, pk):
    from opora.schools.models import CaseStudy

    membership = request.membership
    qs = CaseStudy.objects.select_related("meeting", "case").filter(meeting__organisation_id=membership.organisation_id)
    return _fetch(
        request, qs, pk, allowed=lambda s: can_see_case_study(membership, s), action="schools.case_study_view"
    )


# --- Family plan: measured indicators, return readiness, agreements, reports (issue 10) -------
#
# * Indicators of goals and their observations, the return readiness of a child (conditions,
#   visits, next evaluation), cooperation agreements and reports to named recipients belong to
#   the case: the case team reads them; the team changes them while the case is open.
# * A report to a named recipient (court, OSPOD, school) is written by the case team and
#   approved by a coordinator of the organisation who is NOT its author (four eyes).
# * A report leaves the case team only through the sharing decision of
#   opora.consents.checks and is recorded in the disclosure register.
# * School staff, facilitators, external actors, other case managers and other organisations
#   see none of it (404).


def fetch_case_item(request, queryset, pk, *, edit: bool = False, action: str):
    """A record belonging to a case (``queryset`` of a model with a ``case`` key): the case
    team's, and — with ``edit`` — of an open case. 404 for anything else, audited."""
    membership = request.membership
    qs = queryset.select_related("case").filter(case__organisation_id=membership.organisation_id)

    def allowed(item):
        if edit:
            return can_edit_case(membership, item.case)
        return case_access_level(membership, item.case) == CASE_TEAM

    return _fetch(request, qs, pk, allowed=allowed, action=action)


def can_approve_case_report(membership: Membership, report) -> bool:
    """Four eyes: a coordinator of the case's organisation who did not write the report."""
    return (
        membership.role == Role.COORDINATOR
        and report.case.organisation_id == membership.organisation_id
        and report.written_by_id != membership.pk
    )


def can_hand_over_case_report(membership: Membership, case) -> bool:
    """Who may hand over an approved report (the sharing decision then decides whether it may go)."""
    return can_work_on_cases(membership) and case_access_level(membership, case) == CASE_TEAM


def case_reports_to_approve_for(membership: Membership):
    """Reports waiting for this membership's approval (its My day): submitted reports of the
    organisation's cases, for a coordinator, never the ones it wrote itself (four eyes)."""
    from opora.reports.models import CaseReport

    if membership.role != Role.COORDINATOR:
        return CaseReport.objects.none()
    return CaseReport.objects.filter(
        case__organisation_id=membership.organisation_id, status=CaseReport.Status.SUBMITTED
    ).exclude(written_by_id=membership.pk)


# --- My day and reminders (opora.day) -----------------------------------------------------------
#
# * My day (the landing page) shows each membership the work of the cases it is responsible
#   for — those it leads or is named on the team of (a coordinator's own, not the whole
#   organisation's), the meetings it facilitates and its own tasks — never more than
#   ``cases_for`` / ``meetings_for`` / ``tasks_for_external`` allow.
# * The team part (overdue per worker, caseload against the model, referrals waiting for a
#   case manager) and the escalation of a worker's overdue task: coordinators only.
# * Notifications are their recipient membership's own: nobody reads or marks another's
#   (another's answers 404). Reminder settings: each membership its own.


def can_see_my_day(membership: Membership) -> bool:
    """Whoever has work with dates: the service's staff, facilitators, external actors' tasks."""
    return can_work_on_cases(membership) or can_run_meetings(membership) or has_external_tasks(membership)


def can_see_team_day(membership: Membership) -> bool:
    """The coordinator's part of My day: the team's overdue tasks and caseloads."""
    return membership.role == Role.COORDINATOR


def day_case_parts(membership: Membership) -> list:
    """The cases whose work lands on this membership's day, as two querysets to be UNIONed
    (each on its own index): those it leads and those whose team names it, within what it may
    open at all (``cases_for``). A coordinator may open every case of the organisation and a
    case manager exactly those it leads or is on the team of, so neither part needs
    ``cases_for``'s condition again (repeated in every query of My day, it doubled the work of
    planning them)."""
    from opora.cases.models import Case

    if not can_work_on_cases(membership):
        return []
    if membership.role in (Role.COORDINATOR, Role.CASE_MANAGER):
        cases = Case.objects.filter(organisation_id=membership.organisation_id)
    else:  # pragma: no cover - no other role works on cases today; keep the policy's limit if one does
        cases = cases_for(membership)
    return [cases.filter(lead_id=membership.pk), cases.filter(pk__in=team_case_ids(membership))]


def day_meetings_for(membership: Membership, case_ids):
    """Meetings on this membership's day: those of `case_ids` (its own cases, from
    ``day_case_parts``, whose meetings it opens as the case team) and those it facilitates and
    may open (``meeting_access_level``: a facilitator its own; anyone else as the case team,
    checked per meeting by its case's key — a few rows, never a scan of the organisation)."""
    from opora.meetings.models import Meeting

    if not can_run_meetings(membership):
        return Meeting.objects.none()
    meetings = Meeting.objects.filter(case__organisation_id=membership.organisation_id)
    facilitated = Q(facilitator_id=membership.pk)
    if membership.role == Role.FACILITATOR:
        return meetings.filter(facilitated)
    opens_case = Exists(cases_for(membership).filter(pk=OuterRef("case_id")))
    return meetings.filter(Q(case_id__in=case_ids) | (facilitated & Q(opens_case)))


def day_follow_ups_for(membership: Membership):
    """Outcome follow-ups (6 and 12 months after closure) on this membership's day: those it is
    assigned (the lead at closure), of cases it may still open as the case team."""
    from opora.outcomes.models import FollowUp

    return FollowUp.objects.filter(assignee_id=membership.pk, case__in=team_cases_for(membership))


def escalation_recipients(organisation_id):
    """Who learns that a worker's task is long overdue: the organisation's active coordinators."""
    return Membership.objects.active().filter(organisation_id=organisation_id, role=Role.COORDINATOR)


def fetch_notification(request, pk):
    """One of the membership's own notifications; another's (or missing) answers 404."""
    from opora.day.models import Notification

    membership = request.membership
    qs = Notification.objects.filter(membership_id=membership.pk)
    return _fetch(request, qs, pk, allowed=lambda n: True, action="")


# --- Outcomes, attendance and statistics -----------------------------------------------------
#
# * Attendance and outcomes of a case: the case team reads and records them (also after
#   closure — the follow-ups 6 and 12 months later are recorded on the closed case).
# * Importing attendance (Bakaláři, EduPage exports): case managers and coordinators, and only
#   for students of cases they may open as the team; any other student of the file is a row
#   error like a student who does not exist (no existence oracle).
# * Statistics: coordinators see the organisation's; school staff see only their own school's
#   students (the cases the school may see) and only cells of at least
#   STATISTICS_MIN_CELL students (k-anonymous, like the school themes). The annual report of
#   the provider and the thresholds of the attendance signals: coordinators.

STATISTICS_MIN_CELL = 3


def can_record_outcomes(membership: Membership, case) -> bool:
    return case_access_level(membership, case) == CASE_TEAM


def can_import_attendance(membership: Membership) -> bool:
    return can_work_on_cases(membership)


def attendance_import_students(membership: Membership):
    """Students whose attendance this membership may import: those of its team's cases."""
    from opora.cases.models import Student

    if not can_import_attendance(membership):
        return Student.objects.none()
    return Student.objects.filter(
        organisation_id=membership.organisation_id, cases__in=cases_for(membership)
    ).distinct()


def can_see_statistics(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR or is_school_member(membership)


def statistics_are_k_anonymous(membership: Membership) -> bool:
    """School staff get only cells of at least STATISTICS_MIN_CELL (the coordinator: every cell)."""
    return membership.role != Role.COORDINATOR


def statistics_cases_for(membership: Membership):
    """The cases the statistics of this membership count: the organisation's for a coordinator,
    the cases its school may see for school staff, none otherwise."""
    from opora.cases.models import Case

    if membership.role == Role.COORDINATOR:
        return Case.objects.filter(organisation_id=membership.organisation_id)
    if is_school_member(membership):
        return cases_for(membership)
    return Case.objects.none()


def can_see_service_statistics(membership: Membership) -> bool:
    """Tables about the service itself (caseload per worker, the school funnel, the annual
    report, the worker filter) and the thresholds of the attendance signals: coordinators."""
    return membership.role == Role.COORDINATOR


def fetch_attendance_import(request, pk):
    """An attendance import in progress: its author's only (while they may still import)."""
    from opora.outcomes.models import AttendanceImport

    membership = request.membership
    qs = AttendanceImport.objects.filter(organisation_id=membership.organisation_id)
    return _fetch(
        request,
        qs,
        pk,
        allowed=lambda i: i.by_id == membership.pk and can_import_attendance(membership),
        action="",
    )


# --- The REST API (opora/api) ------------------------------------------------------------------
#
# * A personal API token acts through the membership that created it, with that membership's
#   capabilities and no more; a read-only token never writes. Tokens are created after a
#   2FA-verified sign-in (the token page is behind `member_required`), by any membership.
# * Each person sees and revokes only their own tokens (anyone else's: 404).
# * Restricted (sensitive) notes of activities are read on the case page only: the API never
#   hands them to another system, whoever asks.


def can_use_api(membership: Membership) -> bool:
    return membership is not None


def fetch_api_token(request, pk):
    from opora.api.models import ApiToken

    qs = ApiToken.objects.filter(membership_id=request.membership.pk)
    return _fetch(request, qs, pk, allowed=lambda t: True, action="")


def can_read_note_through_api(membership: Membership, activity) -> bool:
    """Asked for activities the membership may already read (the case team's)."""
    return not activity.restricted
