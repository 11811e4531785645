"""Reusable widgets: data in (arguments and reactives), messages out. No database access."""
