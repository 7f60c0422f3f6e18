from opora.schools.workflow import Stage


def accepts_referrals(school) -> bool:
    """School staff may refer students themselves once the partnership is active (§2 step 7)."""
    return school is not None and school.stage == Stage.ACTIVE
