from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "opora.accounts"
    label = "accounts"

    def ready(self):
        from opora.accounts import signals  # noqa: F401
