from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "opora.api"
    label = "api"
