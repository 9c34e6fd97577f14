"""SQLite storage: one file, WAL, ``synchronous=FULL``, the event log and its writer."""

from partyhost.store.db import Database
from partyhost.store.writer import StorageError, Writer

__all__ = ["Database", "StorageError", "Writer"]
