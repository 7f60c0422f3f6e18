from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "opora.cases"
    label = "cases"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from opora import access
        from opora.cases import dashboard, privacy  # noqa: F401  (register the overview panel, privacy duties)
        from opora.core.navigation import NavEntry, register

        register(NavEntry("cases:list", _("Cases"), access.can_open_cases, order=10))
        register(NavEntry("cases:caseload", _("Caseload"), access.can_view_caseload, order=11))
