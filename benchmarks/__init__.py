"""Benchmarks: retrieval quality and speed, answer accuracy (run as `python -m benchmarks.…`)."""
