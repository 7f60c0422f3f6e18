from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "opora.families"
    label = "families"
    verbose_name = _("Families")

    def ready(self):
        from opora.cases.extensions import case_tabs
        from opora.core import privacy
        from opora.core.registry import Tab
        from opora.families import extensions
        from opora.families import privacy as families_privacy

        case_tabs.register(
            Tab(
                "household",
                _("Family and siblings"),
                "families/_case_tab.html",
                load=extensions.family_tab_load,
                visible=extensions.family_tab_visible,
                order=20,
            )
        )
        privacy.subject_access.register(
            privacy.Exporter("family", _("Family"), families_privacy.subject_access_family, order=15)
        )
        privacy.retention.register(privacy.Anonymiser("families", _("Families"), families_privacy.anonymise, order=20))
