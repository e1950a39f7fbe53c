"""Evaluations against reference data: each module has evaluate(path) and format_report()."""
