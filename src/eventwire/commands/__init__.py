"""Subcommands of the eventwire CLI, one module each with register(subparsers)."""
