"""Benchmarks against the framework's floor (DESIGN §10).

Run them all with ``python -m tests.benchmarks.run``; not collected by pytest.
"""
