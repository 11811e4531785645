"""Benchmarks against the framework's floor (targets: CONTRIBUTING.md, "Benchmarks").

Run them all with ``python -m tests.benchmarks.run``; not collected by pytest.
"""
