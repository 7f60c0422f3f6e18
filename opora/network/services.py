"""Writes of the network directory."""

from django.db import transaction

from opora.audit.services import audit_log
from opora.core.concurrency import save_versioned
from opora.network.models import Institution

FIELDS = (
    "name", "category", "description", "address", "phone", "email", "web",
    "contact_person", "capacity", "last_verified",
)  # fmt: skip


@transaction.atomic
def institution_save(*, by, request=None, institution=None, need_list=(), edit_stamp=None, **fields):
    """Add a directory entry or change one; a change is saved only if nobody changed the entry
    since its form was read (`edit_stamp`)."""
    created = institution is None
    institution = institution or Institution(organisation=by.organisation)
    for name, value in fields.items():
        if name in FIELDS:
            setattr(institution, name, value)
    institution.need_codes = need_list
    institution.full_clean()
    save_versioned(institution, stamp=edit_stamp, fields=[*(n for n in fields if n in FIELDS), "needs"])
    audit_log(action="network.create" if created else "network.update", request=request, membership=by, obj=institution)
    return institution
