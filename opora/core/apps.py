from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "opora.core"
    label = "core"

    def ready(self):
        from opora.core import orm, templating

        orm.install()
        templating.install()
