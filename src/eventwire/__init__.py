"""eventwire: political events and article knowledge records from news."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:  # lazy: `import eventwire` stays cheap
    if name in ("code", "open"):
        from eventwire import api

        return getattr(api, name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
