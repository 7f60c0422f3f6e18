"""Server-rendered SVG charts: the geometry is computed here, the markup is in templates
(``outcomes/_bar_chart.html``, ``outcomes/_attendance_chart.html``), so every label is escaped
by the template engine. No script, no inline style (the CSP forbids both): presentation
attributes only, black on white with the figures printed beside the bars — readable in print."""

from __future__ import annotations

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
BAR_AREA = 300
VALUE_WIDTH = 60


def bar_chart(rows, *, title) -> dict:
    """A horizontal bar chart of (label, value) rows; a None value (suppressed) draws no bar."""
    values = [v for _label, v in rows if isinstance(v, int | float)]
    top = max(values, default=0) or 1
    bars = []
    for i, (label, value) in enumerate(rows):
        y = i * (BAR_HEIGHT + BAR_GAP)
        width = 0 if value is None else round(BAR_AREA * value / top, 1)
        bars.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": max(width, 1 if value else 0),
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    height = max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP)
    return {
        "title": title,
        "bars": bars,
        "width": LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
    }


MONTH_WIDTH = 44
PLOT_HEIGHT = 140
TOP = 12
BOTTOM = 34


def attendance_chart(months, *, commission: int, ospod: int) -> dict | None:
    """Grouped bars per month (excused light, unexcused dark) with the two thresholds as lines."""
    if not months:
        return None
    top = max([m.excused_hours for m in months] + [m.unexcused_hours for m in months] + [ospod + 5])

    def y(value):
        return round(TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / top, 1)

    bars = []
    for i, m in enumerate(months):
        x = 40 + i * MONTH_WIDTH
        bars.append(
            {
                "month": m.month,
                "excused": m.excused_hours,
                "unexcused": m.unexcused_hours,
                "x_excused": x,
                "x_unexcused": x + 16,
                "y_excused": y(m.excused_hours),
                "y_unexcused": y(m.unexcused_hours),
                "h_excused": round(PLOT_HEIGHT * m.excused_hours / top, 1),
                "h_unexcused": round(PLOT_HEIGHT * m.unexcused_hours / top, 1),
                "label_x": x + 16,
            }
        )
    width = 40 + len(months) * MONTH_WIDTH + 10
    return {
        "bars": bars,
        "width": width,
        "height": TOP + PLOT_HEIGHT + BOTTOM,
        "base_y": TOP + PLOT_HEIGHT,
        "label_y": TOP + PLOT_HEIGHT + 16,
        "lines": [
            {"y": y(commission), "value": commission, "kind": "commission"},
            {"y": y(ospod), "value": ospod, "kind": "ospod"},
        ],
        "right": width - 4,
    }
