"""Open an edit form as a browser would, for tests of concurrent edits."""

import datetime


def open_form(client, url) -> dict:
    """GET the edit page and return what its form would post unchanged: every field's value,
    the hidden read stamp (`edit_stamp`) included."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, datetime.datetime):
            value = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    return data
