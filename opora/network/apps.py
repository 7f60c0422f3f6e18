from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "opora.network"
    label = "network"

    def ready(self):
        from opora.accounts.models import Role
        from opora.core.navigation import NavEntry, register

        register(NavEntry("network:directory", _("Network directory"), (Role.COORDINATOR, Role.CASE_MANAGER), order=60))
