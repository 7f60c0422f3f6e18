from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "opora.reports"
    label = "reports"
    verbose_name = _("Reports to named recipients")

    def ready(self):
        from opora.cases.extensions import case_tabs
        from opora.core.registry import Tab
        from opora.reports import extensions

        case_tabs.register(
            Tab(
                "reports",
                _("Reports"),
                "reports/_case_tab.html",
                load=extensions.tab_load,
                visible=extensions.tab_visible,
                order=62,
            )
        )
        from opora.day.rules import Rule
        from opora.day.rules import rules as day_rules

        day_rules.register(
            Rule(
                "reports_to_approve",
                _("Reports waiting for your approval"),
                extensions.day_reports_to_approve,
                order=86,
                reads=(extensions.REPORTS_TO_APPROVE,),
            )
        )
        day_rules.register(
            Rule(
                "reports_to_hand_over",
                _("Approved reports to hand over"),
                extensions.day_reports_to_hand_over,
                order=87,
                reads=(extensions.REPORTS_TO_HAND_OVER,),
            )
        )
        from opora.core import privacy
        from opora.reports import privacy as reports_privacy

        privacy.subject_access.register(
            privacy.Exporter(
                "case_reports", _("Reports to named recipients"), reports_privacy.reports_section, order=70
            )
        )
