"""The embedded store: coded documents in a DuckDB file, one writer and many readers."""

from eventwire.store.duck import Reader, Store, StoredDocument, content_id, default_path
from eventwire.store.query import EVENT_COLUMNS, EventFilter

__all__ = [
    "EVENT_COLUMNS", "EventFilter", "Reader", "Store", "StoredDocument", "content_id",
    "default_path",
]
