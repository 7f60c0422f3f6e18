"""One module per resource of the REST API. Each module defines its views and serializers and a
``urlpatterns`` list; `opora/api/urls.py` includes every module named in `RESOURCES` below.
Adding a resource (families, attendance, statistics…) = a new module here + its name below +
rows in `opora/api/tests/matrix.py`."""

RESOURCES = [
    "cases",
    "plan",
    "activities",
    "meetings",
    "consents",
    "schools",
    "directory",
    "families",
    "attendance",
    "statistics",
    "progress",
]
