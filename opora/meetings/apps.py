from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "opora.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from opora import access
        from opora.cases import extensions
        from opora.core.navigation import NavEntry, register

        register(NavEntry("meetings:upcoming", _("Meetings"), access.can_run_meetings, order=40))
        from opora.meetings import panels, privacy  # noqa: F401  (privacy: registrations)

        extensions.register_case_tab("meetings", order=40)(panels.case_tab)
        extensions.register_school_panel(order=40)(panels.school_panel)
        from opora.core import dashboard

        dashboard.register(order=30)(panels.upcoming_panel)
