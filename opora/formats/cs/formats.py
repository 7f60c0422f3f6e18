# Czech date formats as case managers write them: "5. 11. 2026", "5. 11. 2026 14:30".
DATE_FORMAT = "j. E Y"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y H:i"
DATETIME_FORMAT = "j. n. Y H:i:s"
TIME_FORMAT = "H:i"
