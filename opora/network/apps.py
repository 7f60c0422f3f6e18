from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "opora.network"
    label = "network"
