from opora.core.testing.matrix import Row

MATRIX = {
    "api:schema": Row(expect={"*": 200, "anon": 403}),
}
