from opora.core.testing.matrix import Row

ADMIN_ONLY = {"*": 403, "admin": 200}

MATRIX = {
    "accounts:login": Row(expect={"*": 302, "anon": 200}),
    "accounts:logout": Row(method="post", expect={"*": 302, "anon": 302}),
    "accounts:otp": Row(expect={"*": 302}),
    "accounts:choose_organisation": Row(expect={"*": 200}),
    "accounts:security": Row(expect={"*": 200}),
    "accounts:sign_out_everywhere": Row(method="post", expect={"*": 302}),
    "accounts:user_list": Row(expect=ADMIN_ONLY),
    "accounts:user_create": Row(expect=ADMIN_ONLY),
    "accounts:membership_edit": Row(kwargs=lambda w: {"pk": w.members["case_manager"].pk}, expect=ADMIN_ONLY),
    "accounts:user_reset_2fa": Row(
        method="post", kwargs=lambda w: {"pk": w.members["case_manager"].pk}, expect={"*": 403, "admin": 302}
    ),
}
