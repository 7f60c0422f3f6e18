"""Reads of the network directory, filtered through opora.access."""

from django.db.models import Q

from opora import access
from opora.network.models import needs_filter


def institutions_for(membership, q=None, category=None, need=None):
    """Directory entries this membership may use, optionally searched (name, services,
    address, contact person) and filtered by category and area of need. The cases app uses
    this to pick institutions for a case network."""
    qs = access.institutions_for(membership)
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(description__icontains=q)
            | Q(address__icontains=q)
            | Q(contact_person__icontains=q)
        )
    if category:
        qs = qs.filter(category=category)
    if need:
        qs = qs.filter(needs_filter(need))
    return qs.order_by("category", "name")


def options_for_needs(membership, needs):
    """Services that cover at least one of `needs`, best fit first ("network of options")."""
    if not needs:
        return []
    query = Q()
    for need in needs:
        query |= needs_filter(need)
    found = list(access.institutions_for(membership).filter(query))
    for inst in found:
        inst.matched = [n for n in needs if n in inst.need_codes]
    found.sort(key=lambda i: (-len(i.matched), i.category, i.name))
    return found
