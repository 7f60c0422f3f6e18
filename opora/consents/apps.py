from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "opora.consents"
    label = "consents"
