from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "opora.families"
    label = "families"
    verbose_name = _("Families")

    def ready(self):
        from opora.cases.extensions import case_tabs
        from opora.core.registry import Tab
        from opora.families import extensions

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
