from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "opora.cases"
    label = "cases"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from opora import access
        from opora.cases import dashboard as cases_dashboard
        from opora.cases import privacy as cases_privacy
        from opora.core import dashboard, privacy
        from opora.core.navigation import NavEntry, register
        from opora.core.registry import Panel

        register(NavEntry("cases:list", _("Cases"), access.can_open_cases, order=10))
        register(NavEntry("cases:caseload", _("Caseload"), access.can_view_caseload, order=11))
        dashboard.panels.register(
            Panel(
                "my_cases",
                _("My cases"),
                "cases/panel.html",
                cases_dashboard.my_cases_panel,
                order=10,
                prepare=cases_dashboard.my_cases_prepare,
            )
        )
        privacy.subject_access.register(
            privacy.Exporter("student", _("Student"), cases_privacy.subject_access_student, order=0)
        )
        privacy.subject_access.register(
            privacy.Exporter("cases", _("Cases"), cases_privacy.subject_access_cases, order=10)
        )
        privacy.retention.register(privacy.Anonymiser("cases", _("Cases"), cases_privacy.anonymise, order=10))

        from django.db.models.signals import post_delete, post_save

        from opora.cases.models import Task

        post_save.connect(_task_written, sender=Task, dispatch_uid="cases.open_task_due.save")
        post_delete.connect(_task_written, sender=Task, dispatch_uid="cases.open_task_due.delete")


def _task_written(sender, instance, **kwargs):
    """Every write of a task, by whichever app or the API: its case's earliest open deadline."""
    from opora.cases.models import Case, refresh_open_task_due

    refresh_open_task_due(Case.objects.filter(pk=instance.case_id))
