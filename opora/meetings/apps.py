from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "opora.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from opora import access
        from opora.cases import extensions
        from opora.core import dashboard, privacy
        from opora.core.navigation import NavEntry, register
        from opora.core.registry import Panel, Tab
        from opora.meetings import panels
        from opora.meetings import privacy as meetings_privacy

        register(NavEntry("meetings:upcoming", _("Meetings"), access.can_run_meetings, order=40))
        extensions.case_tabs.register(
            Tab(
                "meetings",
                _("Meetings"),
                "meetings/_case_tab.html",
                load=panels.case_tab_load,
                visible=panels.case_tab_visible,
                order=40,
            )
        )
        extensions.school_panels.register(
            Panel(
                "meetings",
                _("Minutes of meetings you attended"),
                "meetings/_school_panel.html",
                panels.school_panel,
                order=40,
            )
        )
        extensions.timeline_sources.register(
            extensions.TimelineSource("meetings", _("Meetings"), panels.timeline_entries, order=40)
        )
        dashboard.panels.register(
            Panel(
                "meetings",
                _("Upcoming meetings"),
                "meetings/_upcoming_panel.html",
                panels.upcoming_panel,
                order=30,
                prepare=panels.upcoming_prepare,
            )
        )
        privacy.subject_access.register(
            privacy.Exporter("meetings", _("Meetings"), meetings_privacy.subject_access, order=50)
        )
        privacy.retention.register(privacy.Anonymiser("meetings", _("Meetings"), meetings_privacy.anonymise, order=50))
