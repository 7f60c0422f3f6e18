from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "opora.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes and statistics")

    def ready(self):
        from opora import access
        from opora.cases.extensions import case_tabs, closure_hooks, header_badges
        from opora.core import dashboard, privacy
        from opora.core.navigation import NavEntry, register
        from opora.core.registry import Panel, Tab
        from opora.day.rules import Rule
        from opora.day.rules import rules as day_rules
        from opora.outcomes import extensions
        from opora.outcomes import privacy as outcomes_privacy

        register(NavEntry("outcomes:statistics", _("Statistics"), access.can_see_statistics, order=700))
        register(NavEntry("outcomes:import", _("Import attendance"), access.can_import_attendance, order=710))
        case_tabs.register(
            Tab(
                "outcomes",
                _("Attendance and outcomes"),
                "outcomes/_case_tab.html",
                load=extensions.outcomes_tab_load,
                visible=extensions.outcomes_tab_visible,
                order=70,
            )
        )
        header_badges.register(
            Panel(
                "attendance",
                _("Attendance"),
                "outcomes/_badge.html",
                extensions.attendance_badge,
                order=20,
                prepare=extensions.attendance_badge_prepare,
            )
        )
        dashboard.panels.register(
            Panel(
                "attendance_signals",
                _("Unexcused absences"),
                "outcomes/dashboard_signals.html",
                extensions.signals_panel,
                order=40,
                prepare=extensions.signals_prepare,
            )
        )
        closure_hooks.register(extensions.CLOSURE_HOOK)
        day_rules.register(
            Rule(
                "attendance_ospod",
                _("Unexcused absences: consider the report to OSPOD"),
                extensions.day_attendance_ospod,
                order=54,
                reads=(extensions.STUDENTS_OVER_THRESHOLD,),
            )
        )
        day_rules.register(
            Rule(
                "attendance_commission",
                _("Unexcused absences: consider an educational commission"),
                extensions.day_attendance_commission,
                order=55,
                reads=(extensions.STUDENTS_OVER_THRESHOLD,),
            )
        )
        day_rules.register(
            Rule(
                "follow_ups",
                _("Outcome follow-ups due"),
                extensions.day_follow_ups_due,
                order=85,
                reads=(extensions.FOLLOW_UPS_DUE,),
            )
        )
        privacy.subject_access.register(
            privacy.Exporter("attendance", _("Attendance and outcomes"), outcomes_privacy.attendance_section, order=70)
        )
        from opora.outcomes import services as outcomes_services

        privacy.transient.register(
            privacy.Purge(
                "attendance_imports", _("Attendance uploads never imported"), outcomes_services.attendance_imports_purge
            )
        )
        privacy.retention.register(
            privacy.Anonymiser("outcomes", _("Outcomes"), outcomes_privacy.anonymise_outcomes, order=70)
        )
