import pytest

from opora.day import rules


@pytest.fixture(params=["ids", "subquery"])
def caseload_as(request, monkeypatch):
    """My day embeds a caseload in its queries as a list of ids, and a very long one as a
    subquery (``rules.CASELOAD_AS_LIST``): a test taking this fixture runs both ways."""
    if request.param == "subquery":
        monkeypatch.setattr(rules, "CASELOAD_AS_LIST", 0)
    return request.param
