"""The audit log in words: every action code and object type as a translated phrase.

Records store codes (``consents.case_view``, ``cases.case`` 11, ``coordinator``) so they stay
stable and language-free; pages and exports show these words instead. A new action gets its
phrase here (``opora/audit/tests/test_words.py`` finds every code the apps write)."""

import re

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from opora.accounts.models import Role

ACTIONS = {
    "access.denied": _("Access refused"),
    "agreements.case_view": _("Opened the cooperation agreements of the case"),
    "agreements.create": _("Wrote a cooperation agreement"),
    "agreements.refuse": _("Recorded that a cooperation agreement was not accepted"),
    "agreements.renegotiate": _("Started a new version of a cooperation agreement"),
    "agreements.sign": _("Recorded the signing of a cooperation agreement"),
    "agreements.update": _("Changed a cooperation agreement"),
    "agreements.view": _("Opened a cooperation agreement"),
    "api.token_create": _("Created an API token"),
    "api.token_revoke": _("Revoked an API token"),
    "audit.view": _("Read the audit log"),
    "auth.locked_out": _("Sign-in locked after failed attempts"),
    "auth.sign_in": _("Signed in"),
    "auth.sign_in_failed": _("Failed sign-in"),
    "auth.sign_out": _("Signed out"),
    "case.view": _("Opened the case"),
    "cases.activity_add": _("Recorded an activity"),
    "cases.activity_save": _("Saved an activity"),
    "cases.actor_save": _("Saved an actor of the network"),
    "cases.assessment_save": _("Saved the assessment"),
    "cases.attachment_add": _("Added an attachment"),
    "cases.close_person_save": _("Saved a close person"),
    "cases.contact": _("Recorded contact with the student or family"),
    "cases.export": _("Exported the list of cases"),
    "cases.family_set": _("Linked the case to a family"),
    "cases.goal_save": _("Saved a goal"),
    "cases.intake_check": _("Saved the intake check"),
    "cases.refer": _("Referred a student"),
    "cases.request_save": _("Saved a request"),
    "cases.school_report": _("Recorded a report to the school"),
    "cases.student_update": _("Changed the student's details"),
    "cases.task_save": _("Saved a task"),
    "cases.task_status": _("Changed the status of a task"),
    "cases.task_update": _("Changed a task"),
    "cases.transition": _("Moved the case to another stage"),
    "cases.update": _("Changed the case"),
    "cases.view": _("Opened the case"),
    "consents.case_anonymise": _("Anonymised the case"),
    "consents.case_view": _("Opened the consents of the case"),
    "consents.consent_record": _("Recorded a consent"),
    "consents.consent_view": _("Opened a consent"),
    "consents.consent_withdraw": _("Recorded the withdrawal of a consent"),
    "consents.disclosure_record": _("Recorded a disclosure"),
    "consents.disclosure_refused": _("Sharing refused by the consent check"),
    "consents.my_tasks_view": _("Opened their tasks"),
    "consents.register_view": _("Read the disclosure register"),
    "consents.report_create": _("Wrote a report to the school"),
    "consents.report_send": _("Sent a report to the school"),
    "consents.report_view": _("Opened a report to the school"),
    "consents.retention_set": _("Set the retention of the case"),
    "consents.school_reports_list": _("Opened the reports to the school"),
    "consents.school_reports_view": _("Opened the reports to the school"),
    "consents.subject_access": _("Exported the personal data of a student"),
    "consents.subject_access_confirm": _("Prepared the export of personal data"),
    "consents.subject_access_notes": _("Decided which notes go into the export of personal data"),
    "day.settings": _("Changed their reminder settings"),
    "families.adult_add": _("Added an adult to a family"),
    "families.adult_update": _("Changed an adult of a family"),
    "families.case_tab_view": _("Opened the family of the case"),
    "families.child_add": _("Added a child to a family"),
    "families.child_update": _("Changed a child of a family"),
    "families.create": _("Created a family record"),
    "families.update": _("Changed a family record"),
    "families.view": _("Opened a family record"),
    "meetings.agenda_delete": _("Removed an agenda item"),
    "meetings.agenda_save": _("Saved an agenda item"),
    "meetings.amend": _("Added an amendment to the minutes"),
    "meetings.attendance": _("Recorded attendance"),
    "meetings.attendance_all_present": _("Marked every participant as present"),
    "meetings.cancel": _("Cancelled a meeting"),
    "meetings.confirm_date": _("Confirmed the date of a meeting"),
    "meetings.create": _("Planned a meeting"),
    "meetings.finalise": _("Finalised the minutes"),
    "meetings.held": _("Marked a meeting as held"),
    "meetings.invitation_refused": _("Invitation refused by the consent check"),
    "meetings.invitation_send": _("Sent an invitation"),
    "meetings.invitation_status": _("Changed the state of an invitation"),
    "meetings.list": _("Opened the list of meetings"),
    "meetings.minutes_record": _("Recorded the minutes of an item"),
    "meetings.participant_add": _("Added a participant"),
    "meetings.participant_remove": _("Removed a participant"),
    "meetings.sign": _("Recorded a signature"),
    "meetings.task_create": _("Added a task from the meeting"),
    "meetings.task_update": _("Changed a task from the meeting"),
    "meetings.update": _("Changed a meeting"),
    "meetings.view": _("Opened a meeting"),
    "membership.update": _("Changed a user's membership"),
    "network.create": _("Added an institution to the directory"),
    "network.kind_set": _("Set the kind of an institution"),
    "network.update": _("Changed an institution of the directory"),
    "outcomes.attendance_save": _("Recorded the attendance of a student"),
    "outcomes.case_view": _("Opened the attendance and outcomes of the case"),
    "outcomes.follow_ups_created": _("Planned the follow-ups of a closed case"),
    "outcomes.import": _("Imported the attendance"),
    "outcomes.import_upload": _("Uploaded a file with the attendance"),
    "outcomes.outcome_save": _("Recorded the outcome of the case"),
    "outcomes.settings_save": _("Changed the outcome settings"),
    "progress.goal_view": _("Opened a goal"),
    "progress.indicator_create": _("Added an indicator"),
    "progress.indicator_update": _("Changed an indicator"),
    "progress.indicator_view": _("Opened an indicator"),
    "progress.indicators_view": _("Opened the indicators of the case"),
    "progress.observation_record": _("Recorded an observation of an indicator"),
    "progress.return_plan_save": _("Saved the plan for the return"),
    "progress.return_view": _("Opened the return readiness of the case"),
    "progress.visit_create": _("Planned a visit"),
    "progress.visit_update": _("Changed a visit"),
    "progress.visit_view": _("Opened a visit"),
    "reports.approve": _("Approved a report"),
    "reports.case_view": _("Opened the reports of the case"),
    "reports.create": _("Wrote a report"),
    "reports.family_copy": _("Gave the family a copy of a report"),
    "reports.hand_over": _("Handed over a report"),
    "reports.return": _("Returned a report for changes"),
    "reports.submit": _("Submitted a report for approval"),
    "reports.update": _("Changed a report"),
    "reports.view": _("Opened a report"),
    "schools.case_study_confirm": _("Confirmed an anonymised case study"),
    "schools.case_study_create": _("Wrote an anonymised case study"),
    "schools.case_study_export": _("Downloaded an anonymised case study"),
    "schools.case_study_revise": _("Revised an anonymised case study"),
    "schools.case_study_view": _("Opened an anonymised case study"),
    "schools.contact_add": _("Added a contact of a school"),
    "schools.contact_delete": _("Removed a contact of a school"),
    "schools.contract_download": _("Downloaded the contract of a school"),
    "schools.create": _("Added a school"),
    "schools.evaluation_add": _("Recorded an evaluation with a school"),
    "schools.import": _("Imported schools"),
    "schools.locality_meeting_add": _("Recorded a locality meeting"),
    "schools.locality_need_add": _("Recorded a need of the locality"),
    "schools.options_pdf": _("Downloaded the network of options for a school"),
    "schools.theme_add": _("Recorded a theme for a school"),
    "schools.transition": _("Moved a school in the partnership pipeline"),
    "schools.update": _("Changed a school"),
    "schools.view": _("Opened a school"),
    "user.2fa_enrolled": _("Set up two-factor sign-in"),
    "user.create": _("Created a user"),
    "user.invitation_accepted": _("Accepted the invitation"),
    "user.invite": _("Invited a user"),
    "user.otp_failed": _("Wrong two-factor code"),
    "user.recovery_code_used": _("Used a recovery code"),
    "user.recovery_codes_generated": _("Generated new recovery codes"),
    "user.reset_2fa": _("Reset a user's two-factor sign-in"),
    "user.sign_out_everywhere": _("Signed out on every device"),
}

# Object types that are not a model.
OBJECTS = {
    "audit.log": _("Audit log"),
}


# What the apps store: ``app.name`` in lower case (an action code or a model label).
CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")


def action_label(code: str) -> str:
    """The phrase of a known action; a well-formed code without a phrase (a newer version's)
    as "Other action (code)"; anything else, which no app writes, exactly as it was stored, so
    the reader sees the record itself (exports still neutralise it through opora.core.export)."""
    label = ACTIONS.get(code)
    if label is not None:
        return str(label)
    if not CODE.match(code or ""):
        return code
    return gettext("Other action (%(code)s)") % {"code": code}


def object_type_label(object_type: str) -> str:
    """The name of the object's kind; an unknown model "Record"; a value that is not a model
    label at all exactly as it was stored (as ``action_label``)."""
    if not object_type:
        return ""
    if object_type in OBJECTS:
        return str(OBJECTS[object_type])
    if not CODE.match(object_type):
        return object_type
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        # A noun ("a record of an unknown kind"): "Record" alone is also a button's verb elsewhere.
        return pgettext("audit object of an unknown kind", "Record")
    return capfirst(str(model._meta.verbose_name))


def role_label(code: str) -> str:
    if not code:
        return ""
    try:
        return str(Role(code).label)
    except ValueError:
        return code
