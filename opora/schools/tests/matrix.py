"""Rows of the authorisation matrix for schools, the pipeline and locality work."""

from django.core.files.base import ContentFile
from django.utils import timezone

from opora.cases.tests.factories import CaseFactory, StudentFactory
from opora.core.testing.matrix import Row
from opora.schools.tests.factories import (
    CaseStudyFactory,
    EvaluationMeetingFactory,
    LocalityMeetingFactory,
    SchoolContactFactory,
    StageTransitionFactory,
    ThemeRecordFactory,
)

WORKERS = {"*": 403, "coordinator": 200, "case_manager": 200, "case_manager_other": 200}
# Pages of the organisation's own lists: the other organisation's coordinator sees their own.
OWN_LISTS = {**WORKERS, "other_org": 200}
# Pages of one object of w.org: the other organisation gets 404.
OBJECT = {**WORKERS, "other_org": 404}


def populate(w):
    w.school_contact = SchoolContactFactory(school=w.school)
    StageTransitionFactory(school=w.school, by=w.members["coordinator"], note="Ředitel váhá, zkusit znovu v září")
    ThemeRecordFactory(school=w.school, student_count=4)
    EvaluationMeetingFactory(school=w.school)
    w.school.contract_file.save("smlouva.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    w.school.contract_file_name = "smlouva.pdf"
    w.school.contract_signed_on = timezone.localdate()
    w.school.save()
    w.locality_meeting = LocalityMeetingFactory(organisation=w.org, by=w.members["coordinator"])
    # The schools app populates before the cases app: its own case, led by the same person.
    student = StudentFactory(organisation=w.org, school=w.school, first_name="Jarda", last_name="Novák")
    w.study_case = CaseFactory(organisation=w.org, student=student, school=w.school, lead=w.members["case_manager"])
    w.case_study = CaseStudyFactory(meeting=w.locality_meeting, case=w.study_case, by=w.members["case_manager"])
    w.case_study_confirmed = CaseStudyFactory(
        meeting=w.locality_meeting, case=w.study_case, by=w.members["case_manager"], confirmed_at=timezone.now()
    )


def school(w):
    return {"pk": w.school.pk}


MATRIX = {
    "schools:list": Row(expect=OWN_LISTS),
    "schools:mine": Row(expect={"*": 403, "school_staff": 302, "school_staff_other": 302}),
    "schools:create": Row(expect=OWN_LISTS),
    "schools:import": Row(expect={"*": 403, "coordinator": 200, "other_org": 200}),
    "schools:board": Row(expect=OWN_LISTS),
    "schools:funnel": Row(expect=OWN_LISTS),
    "schools:locality": Row(expect=OWN_LISTS),
    "schools:meetings": Row(expect=OWN_LISTS),
    "schools:meeting": Row(kwargs=lambda w: {"pk": w.locality_meeting.pk}, expect=OBJECT),
    "schools:case_study_create": Row(kwargs=lambda w: {"pk": w.locality_meeting.pk}, expect=OBJECT),
    "schools:case_study": Row(
        kwargs=lambda w: {"pk": w.case_study.pk},
        expect={
            "*": 403,
            "coordinator": 200,
            "case_manager": 200,
            "other_org": 404,
            "case_manager_other": 404,
            "team_member": 404,
        },
        notes="unconfirmed: author, case team and coordinators only",
    ),
    "schools:case_study_confirm": Row(
        method="post",
        kwargs=lambda w: {"pk": w.case_study.pk},
        expect={
            "*": 403,
            "coordinator": 302,
            "case_manager": 302,
            **dict.fromkeys(("other_org", "case_manager_other", "team_member"), 404),
        },
    ),
    "schools:case_study_export": Row(
        kwargs=lambda w: {"pk": w.case_study_confirmed.pk, "fmt": "txt"},
        variants=(lambda w: {"pk": w.case_study_confirmed.pk, "fmt": "pdf"},),
        expect=OBJECT,
    ),
    # School staff see their own school's page (limited view); another school's page is 403.
    "schools:detail": Row(kwargs=school, expect={**OBJECT, "school_staff": 200, "school_staff_other": 404}),
    "schools:edit": Row(kwargs=school, expect=OBJECT),
    "schools:contact_add": Row(kwargs=school, expect=OBJECT),
    "schools:contact_delete": Row(
        method="post",
        kwargs=lambda w: {"pk": w.school.pk, "contact_pk": w.school_contact.pk},
        expect={"*": 403, "coordinator": 302, "case_manager": 302, "case_manager_other": 302, "other_org": 404},
    ),
    "schools:transition": Row(kwargs=school, expect={"*": 403, "coordinator": 200, "other_org": 404}),
    "schools:contract": Row(kwargs=school, expect=OBJECT),
    "schools:evaluation_add": Row(kwargs=school, expect=OBJECT),
    "schools:theme_add": Row(kwargs=school, expect=OBJECT),
    "schools:options": Row(kwargs=school, expect=OBJECT),
}
