"""``{% url %}`` as Django writes it, faster for the common links (a builtin: it replaces Django's
tag in every template).

A link to a view without arguments, or with one to three ids, is taken from ``opora.core.links``: the view
is reversed once per language, script prefix and URLconf, and each id put in its place. Django's
tag walks the URL resolver for every link (≈ 40 µs); My day, the case page and the lists have
dozens. Anything else — keyword arguments, more arguments, an argument that is not a
non-negative integer, a name that does not reverse — is Django's own tag, errors included."""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from opora.core import links

register = template.Library()


class KeptURLNode(URLNode):
    def render(self, context):
        if self.kwargs or len(self.args) > 3:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        if not isinstance(view_name, str):  # a quoted name is a SafeString
            return super().render(context)
        view_name = str(view_name)
        try:
            if self.args:
                pks = [arg.resolve(context) for arg in self.args]
                if any(type(pk) is not int or pk < 0 for pk in pks):
                    return super().render(context)
                url = links.id_url(view_name, pks[0]) if len(pks) == 1 else links.ids_url(view_name, *pks)
            else:
                url = links.url(view_name)
        except NoReverseMatch:
            return super().render(context)  # Django's answer: its error, or "" with "as var"
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """``{% url name [id] [as var] %}``: Django's tag (see the module)."""
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
