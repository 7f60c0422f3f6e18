from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "opora.cases"
    label = "cases"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from opora.accounts.models import Role
        from opora.cases import dashboard, privacy  # noqa: F401  (register the overview panel, privacy duties)
        from opora.core.navigation import NavEntry, register

        register(NavEntry("cases:list", _("Cases"), (Role.CASE_MANAGER, Role.COORDINATOR, Role.SCHOOL_STAFF), order=10))
        register(NavEntry("cases:caseload", _("Caseload"), (Role.COORDINATOR,), order=11))
