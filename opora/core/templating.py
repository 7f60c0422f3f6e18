"""Django's template engine, with two costs of every page taken out (same HTML).

**Integers.** Django's template rendering of a plain integer, computed more cheaply with the
same result.

Every ``{{ value }}`` goes through ``django.utils.formats.localize``; an integer (an id in an
``id`` attribute or a URL, a count, minutes) becomes ``number_format(value)``: the active
language, three format look-ups and the number formatter, ≈ 50 Python calls, whose result is
``str(value)`` whenever thousands are not grouped (``USE_THOUSAND_SEPARATOR`` is off: Opora's
setting). The meeting page renders about two hundred integers. With grouping on, or for
anything but a plain ``int`` (``bool``, the members of ``IntegerChoices``, decimals, dates),
Django's function answers. Checked against Django's by ``opora/core/tests/test_templating.py``.

**No reference cycle.** A ``RequestContext`` holds itself: its ``update()`` puts a
``ContextDict`` in its own stack, and the ``ContextDict`` keeps the context. Everything the page
was given (the case list's 25 cases with their students, schools and leads: about 500 objects)
was then freed by the garbage collector instead of at once, and its collections cost the case
list 0.7 ms a request, about an eighth of its CPU time (in-process, with the collector set as in
a gunicorn worker: ``deploy/gunicorn.conf.py``). The engine
below (``TEMPLATES["BACKEND"]``) empties the context's stack once the template is rendered:
nothing holds the context any more, and all of it is freed as the page is returned.
"""

from django.conf import settings
from django.template import TemplateDoesNotExist, base
from django.template.backends import django as django_backend
from django.template.context import make_context
from django.utils import formats
from django.utils.safestring import SafeString

_django_localize = formats.localize


def localize(value, use_l10n=None):
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        # {% localize off %}: str(value); else numberformat.format's mark_safe(number)
        return str(value) if use_l10n is False else SafeString(value)
    return _django_localize(value, use_l10n=use_l10n)


def install() -> None:
    """Called once from CoreConfig.ready(): the templates' ``localize`` (render_value_in_context)."""
    base.localize = localize


class Template(django_backend.Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self.backend)
        finally:
            # The ContextDicts in the stack refer to the context: the cycle is broken here.
            context.dicts.clear()


class DjangoTemplates(django_backend.DjangoTemplates):
    """Django's template engine whose rendered contexts leave no reference cycle behind."""

    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self)
