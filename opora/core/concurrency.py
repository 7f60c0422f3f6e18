"""No lost updates: optimistic concurrency for every edit of an existing record.

* A model that is edited by forms inherits `Versioned`: an integer `version` that every
  write raises by one.
* The edit form (`VersionedFormMixin`) carries a signed *read stamp* in a hidden field: the
  version the record was read at and a short digest of each field's value as read (enough to
  name what changed, without putting the content into the token).
* The service saves with `save_versioned`, a compare-and-set
  ``UPDATE … SET …, version = version + 1 WHERE pk = … AND version = <read version>``
  (the same on SQLite and PostgreSQL, no row lock needed). When no row is updated someone
  else saved meanwhile: `StaleEdit` (a ValidationError) names the fields that changed and
  carries a fresh stamp, so the form can be shown again with the user's input kept and a
  conscious second save goes through.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

STAMP_FIELD = "edit_stamp"
_SALT = "opora.core.concurrency.stamp"


class Versioned(models.Model):
    """An edited record: `version` rises by one with every write."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """A plain save (a writer that holds no read stamp, e.g. a workflow step) still raises
        the version, so that every form read before it is stale."""
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        self.version = F("version") + 1
        super().save(*args, **kwargs)
        self.refresh_from_db(fields=["version"])


class StaleEdit(ValidationError):
    """Someone else saved the record after it was read: nothing was saved."""

    def __init__(self, message, *, changed=(), stamp: str = ""):
        super().__init__(message, code="stale")
        self.changed = list(changed)  # field names
        self.stamp = stamp  # a fresh stamp of the record as it is now


@dataclass(frozen=True)
class ReadStamp:
    key: str
    version: int
    digests: dict = field(default_factory=dict)


def tracked_fields(model) -> list:
    """The fields a user can change: concrete, editable, not the key and not the version."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name != "version" and not getattr(f, "auto_now", False)
    ]


def _key(instance) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


def _digest(value) -> str:
    if isinstance(value, (list, tuple, set)):
        value = sorted(value, key=str) if isinstance(value, set) else list(value)
    raw = json.dumps(value, default=str, sort_keys=True).encode()
    return hashlib.blake2b(raw, digest_size=6).hexdigest()


def _digests(instance) -> dict:
    return {f.name: _digest(f.value_from_object(instance)) for f in tracked_fields(type(instance))}


def make_stamp(instance) -> str:
    """The signed stamp of a record as it is in memory (read from the database)."""
    return signing.dumps(
        {"k": _key(instance), "v": instance.version, "d": _digests(instance)}, salt=_SALT, compress=True
    )


def fresh_stamp(instance) -> str:
    """The stamp of the record as it is in the database now."""
    current = type(instance)._base_manager.get(pk=instance.pk)
    return make_stamp(current)


def read_stamp(token, *, instance) -> ReadStamp:
    """Check a stamp sent back by a form; a missing, damaged or foreign one is refused."""
    if isinstance(token, ReadStamp):
        stamp = token
    else:
        try:
            payload = signing.loads(token or "", salt=_SALT)
            stamp = ReadStamp(key=payload["k"], version=int(payload["v"]), digests=dict(payload.get("d") or {}))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ValidationError(
                _("This page is out of date or damaged. Reload it and enter your changes again."), code="bad_stamp"
            ) from None
    if stamp.key != _key(instance):
        raise ValidationError(
            _("This page is out of date or damaged. Reload it and enter your changes again."), code="bad_stamp"
        )
    return stamp


def take_stamp(data: dict):
    """Take the read stamp out of a form's cleaned data (the services' `data` dicts)."""
    return data.pop(STAMP_FIELD, None)


def changed_fields(instance, stamp: ReadStamp) -> list[str]:
    """The fields whose value in the database differs from the one the stamp was read at."""
    current = _digests(type(instance)._base_manager.get(pk=instance.pk))
    return [name for name, digest in current.items() if name in stamp.digests and stamp.digests[name] != digest]


def field_names(model, names) -> str:
    """The translated names of the fields, for a message: "deadline, status"."""
    return ", ".join(str(model._meta.get_field(name).verbose_name) for name in names)


def stale_edit(instance, stamp: ReadStamp | None) -> StaleEdit:
    """The error for a save that lost the race, naming what changed meanwhile."""
    changed = changed_fields(instance, stamp) if stamp is not None else []
    if changed:
        message = gettext(
            "Meanwhile someone else changed: %(fields)s. Your input is kept below; check it and save again."
        ) % {"fields": field_names(type(instance), changed)}
    else:
        message = gettext(
            "Meanwhile someone else saved this record. Your input is kept below; check it and save again."
        )
    return StaleEdit(message, changed=changed, stamp=fresh_stamp(instance))


def save_versioned(instance, *, stamp, fields=None) -> None:
    """Save an existing record as a compare-and-set on the version it was read at.

    ``stamp`` is the `ReadStamp` (or its token) the form sent back; ``None`` means a writer
    that holds no stamp (an internal step), which saves unconditionally but still raises the
    version. A new record is simply inserted. Raises `StaleEdit` when the record changed."""
    if instance._state.adding or instance.pk is None:
        instance.save()
        return
    model = type(instance)
    if stamp is not None:
        stamp = read_stamp(stamp, instance=instance)
    names = set(fields) if fields is not None else None
    derived = getattr(model, "DERIVED_FIELDS", ())  # kept by the database, never from memory
    values = {}
    for f in model._meta.concrete_fields:
        auto_now = getattr(f, "auto_now", False)
        if f.primary_key or f.name == "version" or f.name in derived:
            continue
        if names is not None and f.name not in names and not auto_now:
            continue
        values[f.attname] = f.pre_save(instance, False)
    qs = model._base_manager.filter(pk=instance.pk)
    if stamp is not None:
        qs = qs.filter(version=stamp.version)
    if qs.update(**values, version=F("version") + 1) == 0:
        if stamp is None:
            raise model.DoesNotExist
        raise stale_edit(instance, stamp)
    if stamp is not None:
        instance.version = stamp.version + 1
    else:
        instance.version = model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).get()


class VersionedFormMixin:
    """A form that edits an existing `Versioned` record carries its read stamp.

    The hidden field `edit_stamp` is required for an existing record; its cleaned value is the
    `ReadStamp`, which the view passes to the service with the rest of the cleaned data.
    A form that is not a ModelForm names its record in `versioned_instance`. A form field that
    edits a model field under another name is named in `form_field_of` (model field → form
    field), so that a stale edit can show the other person's value in it (`refresh_stamp`)."""

    versioned_instance = None
    form_field_of: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.versioned_instance or getattr(self, "instance", None)
        if isinstance(instance, Versioned) and instance.pk is not None and not instance._state.adding:
            self.versioned_instance = instance
            self.fields[STAMP_FIELD] = forms.CharField(
                widget=forms.HiddenInput,
                initial=make_stamp(instance),
                label="",
                required=False,  # a missing stamp is refused in clean_edit_stamp, at the top of the form
            )

    def clean_edit_stamp(self):
        try:
            return read_stamp(self.cleaned_data.get(STAMP_FIELD), instance=self.versioned_instance)
        except ValidationError as exc:
            self.add_error(None, exc)  # at the top of the form: the field itself is hidden
            return None


def refresh_stamp(form, exc: StaleEdit) -> StaleEdit:
    """After a stale save, the form carries the fresh stamp, so a conscious second save goes
    through, and the user's input merged with what the other person saved: a field the user left
    as they read it shows the stored value now, since a second save would otherwise put back the
    value the other person had just changed. A field both changed keeps the user's input. Returns
    the error to show, naming which fields are which."""
    if STAMP_FIELD not in form.fields or not exc.stamp:
        return exc
    data = form.data.copy()
    both = _take_theirs(form, data, exc)
    data[form.add_prefix(STAMP_FIELD)] = exc.stamp
    form.data = data
    if both is None:  # not a model form, or nothing named: the message as it was
        return exc
    model = type(form.instance)
    messages = []
    theirs = [name for name in exc.changed if name not in both]
    if theirs:
        messages.append(
            gettext(
                "Meanwhile someone else changed: %(fields)s. Their changes are in the form below now, "
                "together with yours; check it and save again."
            )
            % {"fields": field_names(model, theirs)}
        )
    if both:
        messages.append(
            gettext(
                "Meanwhile someone else also changed what you changed: %(fields)s. Your input is kept "
                "below; check it and save again."
            )
            % {"fields": field_names(model, both)}
        )
    merged = StaleEdit(messages, changed=exc.changed, stamp=exc.stamp)
    return merged


def _take_theirs(form, data, exc: StaleEdit) -> list[str] | None:
    """Put the stored value into `data` (and into the form's instance, for a page that shows the
    instance) for each field of a model form that someone else changed and this user left as
    read; the names both changed, or None when there is nothing to merge."""
    instance = getattr(form, "instance", None)
    if not isinstance(form, forms.BaseModelForm) or not isinstance(instance, Versioned) or not exc.changed:
        return None
    try:
        read = read_stamp(form.data.get(form.add_prefix(STAMP_FIELD)), instance=instance)
    except ValidationError:
        return None
    model = type(instance)
    current = model._base_manager.get(pk=instance.pk)
    both = []
    for name in exc.changed:
        key = getattr(form, "form_field_of", {}).get(name, name)
        field = form.fields.get(key)
        if field is None or field.disabled or isinstance(field, forms.FileField):
            continue  # not in the form: this user's save leaves it as the other person saved it
        model_field = model._meta.get_field(name)
        if _digest(model_field.value_from_object(instance)) != read.digests.get(name):
            both.append(name)  # this user changed it too: their input stays
            continue
        _put(data, form.add_prefix(key), field, model_field.value_from_object(current))
        if not model_field.many_to_many:
            setattr(instance, model_field.attname, getattr(current, model_field.attname))
    return both


def _put(data, key, field, value) -> None:
    """`value` (as the model holds it) into the form data under `key`, as a browser sends it."""
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(value, (list, tuple, set)):
        values = [str(getattr(v, "pk", v)) for v in value]
        if hasattr(data, "setlist"):
            data.setlist(key, values)
        else:
            data[key] = values
    elif value is None:
        data[key] = ""
    elif isinstance(widget, forms.widgets.ChoiceWidget):
        data[key] = str(field.prepare_value(value))
    else:
        data[key] = widget.format_value(field.prepare_value(value)) or ""
