"""Panels on the overview page: each app registers a ``opora.core.registry.Panel`` in
``panels`` from its ``AppConfig.ready()``; its ``load(request)`` returns the panel's context
for the request's membership, or None."""

from opora.core.registry import Registry, render

panels = Registry("overview panels")


def panels_for(request) -> list[dict]:
    return render(panels, request)
