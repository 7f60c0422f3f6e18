from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "opora.network"
    label = "network"

    def ready(self):
        from opora import access
        from opora.core.navigation import NavEntry, register

        register(NavEntry("network:directory", _("Network directory"), access.can_use_directory, order=60))
