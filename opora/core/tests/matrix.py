from opora.core.testing.matrix import Row

MATRIX = {
    "core:home": Row(expect={"*": 200, "admin": 302}),
    "core:health": Row(expect={"*": 200, "anon": 200}),
    "set_language": Row(method="post", data=lambda w: {"language": "en", "next": "/"}, expect={"*": 302, "anon": 302}),
}
