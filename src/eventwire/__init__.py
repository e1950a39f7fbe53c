"""eventwire: political events and article knowledge records from news."""

__version__ = "0.1.0"
