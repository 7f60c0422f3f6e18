from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "opora.schools"
    label = "schools"

    def ready(self):
        from opora import access
        from opora.core.navigation import NavEntry, register

        register(NavEntry("schools:board", _("Schools"), access.can_work_with_schools, order=50))
        register(NavEntry("schools:locality", _("Locality"), access.can_work_with_schools, order=55))
        register(NavEntry("schools:mine", _("My school"), access.is_school_member, order=50))

        from opora.core import dashboard
        from opora.core.registry import Panel
        from opora.schools.dashboard import schools_panel, schools_prepare

        dashboard.panels.register(
            Panel(
                "schools",
                _("Schools needing attention"),
                "schools/panels/attention.html",
                schools_panel,
                order=50,
                prepare=schools_prepare,
            )
        )
