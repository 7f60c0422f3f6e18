from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DayConfig(AppConfig):
    name = "opora.day"
    label = "day"
    verbose_name = _("My day")

    def ready(self):
        from opora.core import dashboard, navigation
        from opora.core.registry import Panel
        from opora.day import panels, rules, selectors

        rules.register_builtin()
        navigation.header_counts.register(
            navigation.HeaderCount("unread_notifications", selectors.unread_expression, selectors.unread_count)
        )
        dashboard.panels.register(
            Panel("my_day", _("My day"), "day/_panel.html", panels.my_day_panel, order=0, prepare=panels.my_day_prepare)
        )
        dashboard.panels.register(
            Panel(
                "team_day",
                _("The team"),
                "day/_team_panel.html",
                panels.team_panel,
                order=1,
                prepare=panels.team_prepare,
            )
        )
