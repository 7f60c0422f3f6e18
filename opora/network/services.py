"""Writes of the network directory."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from opora import access
from opora.audit.services import audit_log
from opora.core.concurrency import save_versioned
from opora.network.models import Institution

FIELDS = (
    "name", "category", "description", "address", "phone", "email", "web",
    "contact_person", "capacity", "last_verified",
)  # fmt: skip


@transaction.atomic
def institution_save(*, by, request=None, institution=None, need_list=(), kind=None, edit_stamp=None, **fields):
    """Add a directory entry or change one; a change is saved only if nobody changed the entry
    since its form was read (`edit_stamp`). `kind` (what the institution IS: OSPOD, police,
    court…) is set only by a coordinator, and every change of it is audited on its own."""
    created = institution is None
    institution = institution or Institution(organisation=by.organisation)
    # The stored kind (a ModelForm may already have changed the instance in memory).
    old_kind = (
        Institution.objects.filter(pk=institution.pk).values_list("kind", flat=True).first()
        if not created
        else Institution.Kind.OTHER
    )
    for name, value in fields.items():
        if name in FIELDS:
            setattr(institution, name, value)
    if kind is not None:
        institution.kind = kind
    if institution.kind != old_kind and not access.can_set_institution_kind(by):
        raise PermissionDenied
    institution.need_codes = need_list
    institution.full_clean()
    changed = [*(n for n in fields if n in FIELDS), "needs", *(["kind"] if institution.kind != old_kind else [])]
    save_versioned(institution, stamp=edit_stamp, fields=changed)
    audit_log(action="network.create" if created else "network.update", request=request, membership=by, obj=institution)
    if institution.kind != old_kind:
        audit_log(
            action="network.kind_set",
            request=request,
            membership=by,
            obj=institution,
            data={"from": old_kind, "to": institution.kind},
        )
    return institution
