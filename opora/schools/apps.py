from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "opora.schools"
    label = "schools"

    def ready(self):
        from opora.accounts.models import Role
        from opora.core.navigation import NavEntry, register

        workers = (Role.COORDINATOR, Role.CASE_MANAGER)
        register(NavEntry("schools:board", _("Schools"), workers, order=50))
        register(NavEntry("schools:locality", _("Locality"), workers, order=55))
        register(NavEntry("schools:mine", _("My school"), (Role.SCHOOL_STAFF,), order=50))

        from opora.core import dashboard
        from opora.schools.dashboard import schools_panel

        if schools_panel not in [p for _, p in dashboard._PROVIDERS]:
            dashboard.register(50)(schools_panel)
