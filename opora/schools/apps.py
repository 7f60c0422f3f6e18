from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "opora.schools"
    label = "schools"
