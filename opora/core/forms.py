"""Small form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from opora.core.concurrency import StaleEdit, refresh_stamp


class DateInput(forms.DateInput):
    """A native date picker. The value is always ISO (YYYY-MM-DD): the browser shows it in
    the user's format, and a localised value (22.11.2026) would leave the picker empty."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def apply_validation_error(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the named fields where the form
    has them, otherwise at the top of the form. After a stale edit (someone else saved
    meanwhile) the form keeps the user's input and carries the fresh read stamp."""
    if isinstance(exc, StaleEdit):
        exc = refresh_stamp(form, exc)
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Form rendering ---------------------------------------------------------------------------

_WIDGETS = "django/forms/widgets/"
_INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "url",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
_SELECT_OPTION = f"{_WIDGETS}select_option.html"


def _attrs(attrs):
    """What django/forms/widgets/attrs.html renders: ` name="value"`, ` name` for True, nothing
    for False."""
    return _join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _join(parts):
    # Every part is the output of format_html (escaped) or a literal of this module.
    return mark_safe("".join(parts))  # noqa: S308


def _input(context):
    w = context["widget"]
    value = "" if w["value"] is None else format_html(' value="{}"', w["value"])
    return format_html('<input type="{}" name="{}"{}{}>', w["type"], w["name"], value, _attrs(w["attrs"]))


def _select(context):
    w = context["widget"]
    parts = [format_html('<select name="{}"{}>', w["name"], _attrs(w["attrs"]))]
    for group_name, options, _index in w["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in options:
            if option["template_name"] != _SELECT_OPTION:
                return None
            parts.append(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], _attrs(option["attrs"]), option["label"]
                )
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return _join(parts)


def _label(context):
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    tag = context["tag"]
    return format_html("<{}{}>{}</{}>", tag, _attrs(context["attrs"]), context["label"], tag)


def _error_list(context):
    return "" if not context["errors"] else None


def _field_group(context):
    """django/forms/field.html (``field.as_field_group``) of a field without a fieldset, with the
    template's own line breaks (the renderer strips the ends); a fieldset (radios, checkbox
    lists) keeps the template."""
    field = context["field"]
    if field.use_fieldset:
        return None
    label = field.label_tag() if field.label else ""
    help_html = ""
    if field.help_text:
        helper_id = format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else ""
        help_html = format_html('<div class="helptext"{}>{}</div>', helper_id, mark_safe(str(field.help_text)))  # noqa: S308 - |safe in the template
    errors, widget = conditional_escape(field.errors), conditional_escape(field)
    return mark_safe(f"{label}\n\n{help_html}\n{errors}\n{widget}".strip())  # noqa: S308 - each part escaped or safe


_FAST = {
    **dict.fromkeys(_INPUT_TEMPLATES, _input),
    "django/forms/field.html": _field_group,
    f"{_WIDGETS}select.html": _select,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
}


_LABEL = "django/forms/label.html"


class RequiredMarkingRenderer(DjangoTemplates):
    """Django's templates, except that the label (or legend) of a required field gets the class
    "required": the stylesheet marks it visibly; the field itself carries the `required`
    attribute for screen readers."""

    def render(self, template_name, context, request=None):
        if template_name == _LABEL:
            context = _mark_required(context)
        return super().render(template_name, context, request=request)


def _mark_required(context):
    field = context.get("field")
    if not context.get("use_tag") or field is None or not field.field.required or field.is_hidden:
        return context
    attrs = dict(context.get("attrs") or {})
    classes = attrs.get("class", "").split()
    if "required" not in classes:
        attrs["class"] = " ".join([*classes, "required"])
    return {**context, "attrs": attrs}


# A form's `as_div` without the form's own errors at its top (core/forms/div.html): every page
# that renders a form so shows them in its error summary (components/form_errors.html, an alert
# the screen reader announces), and they were shown twice.
_DIV = "django/forms/div.html"
_DIV_WITHOUT_ERRORS = "core/forms/div.html"


class FormRenderer(RequiredMarkingRenderer):
    """Django's form renderer, with the templates every form renders many times (inputs,
    selects and their options, labels, empty error lists, a field's group) built directly in
    Python: the same
    HTML, escaped the same way, at a fraction of the cost of a template per option. Any other
    template — or a widget of a kind not handled here — goes through the templates as before.
    A form's `as_div` leaves its non-field errors to the page's error summary."""

    def render(self, template_name, context, request=None):
        if template_name == _DIV:
            template_name = _DIV_WITHOUT_ERRORS
        if template_name == _LABEL:
            context = _mark_required(context)
        fast = _FAST.get(template_name)
        if fast is not None:
            html = fast(context)
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
