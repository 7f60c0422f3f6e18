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
        from opora.core import privacy
        from opora.reports import privacy as reports_privacy

        privacy.subject_access.register(
            privacy.Exporter(
                "case_reports", _("Reports to named recipients"), reports_privacy.reports_section, order=70
            )
        )
