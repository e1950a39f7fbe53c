"""Runners: how documents flow through the pipeline (local processes today)."""
