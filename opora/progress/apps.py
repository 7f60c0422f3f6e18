from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "opora.progress"
    label = "progress"
    verbose_name = _("Indicators and return readiness")

    def ready(self):
        from opora.cases.extensions import case_tabs
        from opora.core.registry import Tab
        from opora.progress import extensions

        case_tabs.register(
            Tab(
                "indicators",
                _("Indicators"),
                "progress/_indicators_tab.html",
                load=extensions.indicators_tab_load,
                visible=extensions.team_only,
                order=35,
            )
        )
        case_tabs.register(
            Tab(
                "return",
                _("Return readiness"),
                "progress/_return_tab.html",
                load=extensions.return_tab_load,
                visible=extensions.team_only,
                order=36,
            )
        )
        from opora.day.rules import Rule
        from opora.day.rules import rules as day_rules

        day_rules.register(
            Rule(
                "return_evaluations",
                _("Return readiness evaluations due"),
                extensions.day_return_evaluations,
                order=82,
                reads=(extensions.RETURN_PLANS_DUE,),
            )
        )
        day_rules.register(
            Rule(
                "visits",
                _("Agreed visits to record"),
                extensions.day_visits_to_record,
                order=83,
                reads=(extensions.VISITS_TO_RECORD,),
            )
        )
        from opora.core import privacy
        from opora.progress import privacy as progress_privacy

        privacy.subject_access.register(
            privacy.Exporter("progress", _("Indicators and visits"), progress_privacy.progress_section, order=70)
        )
