"""Sources beyond local text files: RSS/Atom feeds, web archives (WARC) and URLs.

Each reader yields :class:`eventwire.records.Document` or, for a bad input, a
:class:`eventwire.records.Rejected` (stage ``read``), like :mod:`eventwire.inputs`, which
dispatches ``.rss/.atom/.xml``, ``.warc(.gz)`` and ``.urls`` files and http(s) URLs here.
Documents from the web are keyed by URL (:func:`url_id`), so fetching a page again replaces it.
"""

from eventwire.sources.feeds import parse_feed, read_feed, url_id
from eventwire.sources.fetch import Fetcher
from eventwire.sources.urls import read_url, read_url_file
from eventwire.sources.warc import read_warc

__all__ = ["Fetcher", "parse_feed", "read_feed", "read_url", "read_url_file", "read_warc",
           "url_id"]
