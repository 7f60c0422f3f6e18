from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "opora.cases"
    label = "cases"
