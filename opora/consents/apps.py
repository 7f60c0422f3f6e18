from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "opora.consents"
    label = "consents"
    verbose_name = _("Consent and information sharing")

    def ready(self):
        from opora import access
        from opora.cases.extensions import case_tabs, header_badges, school_panels
        from opora.consents import dashboard as consents_dashboard
        from opora.consents import extensions
        from opora.consents import privacy as consents_privacy
        from opora.core import dashboard, privacy
        from opora.core.navigation import NavEntry, register
        from opora.core.registry import Panel, Tab

        register(NavEntry("consents:register", _("Disclosures"), access.can_read_disclosure_register, order=800))
        register(NavEntry("consents:retention", _("Data retention"), access.can_set_retention, order=920))
        register(NavEntry("consents:school_reports", _("Reports from the service"), access.is_school_member, order=50))
        register(NavEntry("consents:my_tasks", _("My tasks"), access.has_external_tasks, order=10))

        case_tabs.register(
            Tab(
                "consents",
                _("Consents and sharing"),
                "consents/_case_tab.html",
                load=extensions.consents_tab_load,
                visible=extensions.consents_tab_visible,
                order=60,
            )
        )
        header_badges.register(
            Panel(
                "consent",
                _("Consent"),
                "consents/_badge.html",
                extensions.consent_badge,
                order=10,
                prepare=extensions.consent_badge_prepare,
            )
        )
        school_panels.register(
            Panel(
                "school_reports",
                _("Reports addressed to the school"),
                "consents/_school_panel.html",
                extensions.school_reports_panel,
                order=20,
            )
        )
        dashboard.panels.register(
            Panel(
                "expiring_consents",
                _("Consents expiring within 30 days"),
                "consents/dashboard_expiring.html",
                consents_dashboard.expiring_consents,
                order=60,
                prepare=consents_dashboard.expiring_prepare,
            )
        )
        for key, title, template, load, order in [
            (
                "school_reports",
                _("Reports from the service"),
                "consents/dashboard_school_reports.html",
                consents_dashboard.school_reports,
                61,
            ),
            ("external_tasks", _("My tasks"), "consents/dashboard_tasks.html", consents_dashboard.external_tasks, 62),
        ]:
            dashboard.panels.register(Panel(key, title, template, load, order=order))
        for key, title, load, order in [
            ("consents", _("Consents"), consents_privacy.consents_section, 60),
            ("disclosures", _("Disclosures"), consents_privacy.disclosures_section, 61),
            ("school_reports", _("School reports"), consents_privacy.reports_section, 62),
        ]:
            privacy.subject_access.register(privacy.Exporter(key, title, load, order=order))
        privacy.retention.register(
            privacy.Anonymiser("consents", _("Consents"), consents_privacy.anonymise_consents, order=60)
        )
