from opora.core.testing.matrix import Row

ADMIN_ONLY = {"*": 403, "admin": 200}


def populate(w):
    """A pending invitation of the world's organisation to an address that has no account."""
    from opora.accounts.models import Membership, Role
    from opora.accounts.services import invitation_token

    w.invitation = Membership.objects.create(
        organisation=w.org,
        role=Role.CASE_MANAGER,
        invited_email="pozvana@example.cz",
        invited_name="Pozvaná Osoba",
        invited_by=w.members["admin"],
    )
    w.invitation_token = invitation_token(w.invitation)


MATRIX = {
    "accounts:login": Row(expect={"*": 302, "anon": 200}),
    "accounts:logout": Row(method="post", expect={"*": 302, "anon": 302}),
    "accounts:otp": Row(expect={"*": 302}),
    "accounts:choose_organisation": Row(expect={"*": 200}),
    "accounts:security": Row(expect={"*": 200}),
    "accounts:sign_out_everywhere": Row(method="post", expect={"*": 302}),
    # Shows freshly generated codes once; with none waiting it sends to the security page.
    "accounts:recovery_codes": Row(expect={"*": 302}),
    "accounts:recovery_codes_regenerate": Row(method="post", expect={"*": 302}),
    "accounts:two_factor_self_reset": Row(method="post", expect={"*": 302}),
    # Reachable without signing in, with a valid token only (a forged one answers 404, tested in
    # test_account_attacks); anyone signed in as another account is told to sign out.
    "accounts:invitation_accept": Row(kwargs=lambda w: {"token": w.invitation_token}, expect={"*": 200, "anon": 200}),
    "accounts:user_list": Row(expect=ADMIN_ONLY),
    "accounts:user_create": Row(expect=ADMIN_ONLY),
    "accounts:membership_edit": Row(kwargs=lambda w: {"pk": w.members["case_manager"].pk}, expect=ADMIN_ONLY),
    "accounts:user_reset_2fa": Row(
        method="post", kwargs=lambda w: {"pk": w.members["case_manager"].pk}, expect={"*": 403, "admin": 302}
    ),
}
