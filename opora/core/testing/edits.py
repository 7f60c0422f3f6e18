"""Open an edit form as a browser would, for tests of concurrent edits."""

import datetime


def open_form(client, url) -> dict:
    """GET the edit page and return what its form would post unchanged: every field's value,
    the hidden read stamp (`edit_stamp`) included."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_as_sent(response.context["form"])


def form_as_sent(form) -> dict:
    """What a form as rendered (a fresh one, or one shown again with its errors) posts when it
    is submitted as it is."""
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
