"""Django's SQLite backend, with each statement's conversion to SQLite's placeholders kept.

Django writes SQL with ``%s`` placeholders, and its SQLite cursor turns them into ``?`` with a
regular expression at every execution: about 11 µs per kilobyte of SQL on this machine, 53 µs
for the case page's query of ~5 KB, run on every request. The queries that every request makes
are compiled once (``opora.core.orm``), so their SQL is the same string every time: the converted
statement is kept by its SQL (a bounded LRU; a string's hash is computed once and kept with it).
Everything else is Django's backend (``vendor`` is "sqlite"), as Django's documentation on
subclassing the built-in backends describes.
"""

import functools

from django.db.backends.sqlite3 import base

KEPT_STATEMENTS = 512


@functools.lru_cache(maxsize=KEPT_STATEMENTS)
def _qmark(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
