from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "opora.agreements"
    label = "agreements"
    verbose_name = _("Cooperation agreements")

    def ready(self):
        from opora.agreements import extensions
        from opora.cases.extensions import case_tabs
        from opora.core.registry import Tab

        case_tabs.register(
            Tab(
                "agreement",
                _("Agreement"),
                "agreements/_case_tab.html",
                load=extensions.tab_load,
                visible=extensions.tab_visible,
                order=37,
            )
        )
        from opora.agreements import privacy as agreements_privacy
        from opora.day.rules import Rule
        from opora.day.rules import rules as day_rules

        day_rules.register(
            Rule(
                "agreement_reviews",
                _("Cooperation agreements to review"),
                extensions.day_reviews_due,
                order=84,
                reads=(extensions.AGREEMENTS_TO_REVIEW,),
            )
        )
        from opora.core import privacy

        privacy.subject_access.register(
            privacy.Exporter("agreements", _("Cooperation agreements"), agreements_privacy.agreements_section, order=70)
        )
