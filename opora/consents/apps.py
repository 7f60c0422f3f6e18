from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "opora.consents"
    label = "consents"
    verbose_name = _("Consent and information sharing")

    def ready(self):
        from opora import access
        from opora.consents import dashboard, extensions, privacy  # noqa: F401  (registrations)
        from opora.core.navigation import NavEntry, register

        register(NavEntry("consents:register", _("Disclosures"), access.can_read_disclosure_register, order=800))
        register(NavEntry("consents:retention", _("Data retention"), access.can_set_retention, order=920))
        register(NavEntry("consents:school_reports", _("Reports from the service"), access.is_school_member, order=50))
        register(NavEntry("consents:my_tasks", _("My tasks"), access.has_external_tasks, order=10))
