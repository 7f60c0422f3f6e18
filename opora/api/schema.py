"""Hooks of the OpenAPI schema: only /api/v1/ is described; the description and the security
scheme in the caller's language (``?lang=cs`` or Accept-Language)."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class OporaAutoSchema(AutoSchema):
    """Operation ids: a GET of a collection (a path not ending in a parameter) is ``…_list``, a
    GET of one record ``…_retrieve`` — the API's views are plain API views, not viewsets."""

    def get_operation_id(self):
        operation_id = super().get_operation_id()
        if self.method == "GET" and operation_id.endswith("_retrieve") and not self.path.rstrip("/").endswith("}"):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id


def only_v1(endpoints, **kwargs):
    return [e for e in endpoints if e[0].startswith("/api/v1/")]


def describe(result, generator, request, public):
    result["info"]["description"] = _(
        "The REST API of Opora over the same services and the same access policy as the web app. "
        "Authenticate with a personal token (Authorization: Bearer opora_…) created on the API tokens page "
        "after signing in with the second factor. Errors are RFC 9457 problem details; lists use cursor "
        "pagination; creates accept an Idempotency-Key header; changes need If-Match with the record's ETag."
    )
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "opora.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": _("A personal API token: opora_<id>_<secret>.")}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "opora.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": _("The web app's session after the second factor: reading only."),
        }
