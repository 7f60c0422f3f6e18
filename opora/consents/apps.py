from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "opora.consents"
    label = "consents"
    verbose_name = _("Consent and information sharing")

    def ready(self):
        from opora.accounts.models import Role
        from opora.consents import dashboard, extensions, privacy  # noqa: F401  (registrations)
        from opora.core.navigation import NavEntry, register

        register(NavEntry("consents:register", _("Disclosures"), (Role.COORDINATOR,), order=800))
        register(NavEntry("consents:retention", _("Data retention"), (Role.COORDINATOR, Role.ADMIN), order=920))
        register(NavEntry("consents:school_reports", _("Reports from the service"), (Role.SCHOOL_STAFF,), order=50))
        register(NavEntry("consents:my_tasks", _("My tasks"), (Role.EXTERNAL,), order=10))
