from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "opora.api"
    label = "api"
    verbose_name = _("REST API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from opora.api import (
            schema,  # noqa: F401  (the schema's authentication extensions)
            services,
        )
        from opora.core import privacy

        privacy.transient.register(
            privacy.Purge("api_idempotency_keys", _("API idempotency keys"), services.idempotency_keys_purge)
        )
