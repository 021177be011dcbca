"""Benchmarks: commands that measure tanya against other BM25 implementations (not tests)."""
