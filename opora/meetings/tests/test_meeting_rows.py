"""{% attendance_choices %} writes what the template loop over the attendance choices wrote."""

import pytest
from django.template import Context, engines
from django.utils import translation

from opora.meetings.models import Participant

LOOP = (
    "{% for value, label in p.Attendance.choices %}\n"
    '        <label class="choice"><input type="radio" name="attendance" value="{{ value }}" '
    'id="attendance-{{ p.pk }}-{{ value }}"{% if p.attendance == value %} checked{% endif %} '
    'aria-label="{{ p.name }}: {{ label }}"> {{ label }}</label>\n      {% endfor %}'
)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_attendance_choices_are_what_the_template_loop_wrote(language):
    engine = engines["django"].engine
    loop, tag = engine.from_string(LOOP), engine.from_string("{% load meeting_rows %}{% attendance_choices p %}")
    with translation.override(language):
        for attendance in Participant.Attendance.values:
            for name in ("Věra Šťastná", 'O\'Neil & "<Syn>"'):
                participant = Participant(pk=4711, name=name, attendance=attendance)
                expected = loop.render(Context({"p": participant}))
                assert tag.render(Context({"p": participant})) == expected
                assert expected.count(" checked") == 1 and "&lt;Syn&gt;" in expected or "Syn" not in name
    with translation.override("cs"):
        assert "Přítomen" in tag.render(Context({"p": Participant(pk=1, name="A", attendance="present")}))
