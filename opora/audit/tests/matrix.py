from opora.core.testing.matrix import Row

MATRIX = {
    # Coordinators and admins read their own organisation's log (other_org is a coordinator).
    "audit:log": Row(expect={"*": 403, "coordinator": 200, "admin": 200, "other_org": 200}),
}
