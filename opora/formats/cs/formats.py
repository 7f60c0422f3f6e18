# Czech date formats as case managers write them: "5. 11. 2026", "5. 11. 2026 14:30".
DATE_FORMAT = "j. E Y"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y H:i"
DATETIME_FORMAT = "j. n. Y H:i:s"
TIME_FORMAT = "H:i"
# A month on a chart's axis: "11/26".
SHORT_YEAR_MONTH_FORMAT = "n/y"
# Dates in a school's attendance file (opora/outcomes/importer.py): "5.11.2026", "5. 11. 2026",
# "5/11/2026" or ISO. The files are Czech whatever the reader's language: read with lang="cs".
IMPORT_DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y", "%d/%m/%Y"]
