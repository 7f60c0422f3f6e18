# English date formats, unambiguous for readers on either side of the Atlantic: "5 Nov 2026".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
DATETIME_FORMAT = "j M Y, H:i:s"
TIME_FORMAT = "H:i"
# A month on a chart's axis: "Nov 26".
SHORT_YEAR_MONTH_FORMAT = "M y"
