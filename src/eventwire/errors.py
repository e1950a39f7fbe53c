"""eventwire's exceptions, each with a stable code users can search for.

Hierarchy::

    EventwireError                 base; ``code`` and ``message``; str() is "E###: message"
    ├── InputError      E1xx       a document cannot be read
    │     E101 empty document          E102 binary content      E103 not valid UTF-8
    │     E104 malformed JSONL line or CSV row   E105 record lacks text/html
    │     E106 file cannot be read     E107 document too large  E108 unsupported input
    │     E109 bad field value (e.g. a pub_date that is not YYYY-MM-DD)
    │     E110 URL cannot be fetched (timeout, HTTP error, too many redirects, or not
    │          complete within the fetch deadline)
    │     E111 URL refused: not http(s), or its host is a private/loopback address
    │     E112 feed or web archive cannot be parsed
    ├── ExtractError    E2xx       the body cannot be extracted
    │     E201 HTML has no main text   E202 text is only boilerplate
    ├── StageError      E3xx       a pipeline stage failed on a document
    │     E300 pipeline built in a wrong order   E301 unexpected failure inside a stage
    │     E302 a model or resource cannot be loaded
    ├── StoreError      E4xx       the embedded store
    │     E401 cannot open the store   E402 write failed   E403 document not found
    ├── UsageError      E5xx       the command line or API was misused
    │     E501 bad option value        E502 unknown subcommand/format
    ├── EvaluationError E6xx       reference data for an evaluation is missing or malformed
    │     E601 path not found          E602 cannot parse reference file
    └── WebError        E7xx       an HTTP request to ``eventwire serve`` was refused
          E700 unexpected server failure
          E701 request body too large  E702 server is read-only (started without a token)
          E703 missing or wrong token  E704 store busy (an ingest holds it), retry later
          E705 no such API route       E706 coding queue full, retry later
          E707 Host or Origin not served (guards a local server against other web pages)

A bad document is data, not a crash: the pipeline turns an ``EventwireError`` raised for one
document into a :class:`eventwire.records.Rejected` and goes on with the batch.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class; ``code`` is stable across releases."""

    code = "E000"

    def __init__(self, message: str, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.message = message
        super().__init__(f"{self.code}: {message}")


class InputError(EventwireError):
    code = "E100"


class ExtractError(EventwireError):
    code = "E200"


class StageError(EventwireError):
    code = "E300"


class StoreError(EventwireError):
    code = "E400"


class UsageError(EventwireError):
    code = "E500"


class EvaluationError(EventwireError):
    code = "E600"


class WebError(EventwireError):
    code = "E700"
