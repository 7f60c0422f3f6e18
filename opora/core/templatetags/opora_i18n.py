"""Django's ``i18n`` tags (a builtin in place of ``django.templatetags.i18n``; templates do not
``{% load i18n %}``, which would bring Django's back), with the translation of a constant text kept.

``{% translate "Cases" %}`` resolves a literal into a lazy translation, translates it, localises
and escapes it on every rendering: ≈ 80 Python calls for a text that is the same for every
request in one language. A page has dozens (the case list 14, the case page and the meeting page
many more). The result of a tag whose text and context are literals is kept by language and
autoescaping, and the tag renders exactly what Django's tag rendered the first time (``as var``
included). A text from a variable, or with filters, is Django's tag as it is. The kept texts are
forgotten when the settings that choose the catalogues change (tests)."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Variable
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

# (language, autoescape, text, context, noop) → the rendered text; a few thousand at most.
_KEPT: dict[tuple, str] = {}
_KEPT_MAX = 8192


def _literal(expression):
    """The text of a filter expression that is a quoted string and nothing else, else None."""
    if expression is None:
        return ""
    var = expression.var
    if isinstance(var, str):  # a quoted constant is kept as its text
        return None if expression.filters else str(var)
    if expression.filters or not isinstance(var, Variable) or var.lookups is not None:
        return None
    return var.literal if isinstance(var.literal, str) else None


class KeptTranslateNode(django_i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        text, text_context = _literal(self.filter_expression), _literal(message_context)
        self.kept_key = None if text is None or text_context is None else (text, text_context, bool(noop))

    def render(self, context):
        if self.kept_key is None:
            return super().render(context)
        key = (get_language(), context.autoescape, *self.kept_key)
        value = _KEPT.get(key)
        if value is None:
            value = super().render(context)
            if self.asvar:
                value = context[self.asvar]
            if len(_KEPT) >= _KEPT_MAX:
                _KEPT.clear()
            _KEPT[key] = value
            return "" if self.asvar else value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    """``{% translate "text" [noop] [context "c"] [as var] %}``: Django's tag (see the module)."""
    node = django_i18n.do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    # As Django forgets its catalogues (django.test.signals.update_installed_apps / language_changed).
    if setting in {"LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _KEPT.clear()
