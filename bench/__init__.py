"""Benchmarks: plain scripts that write docs/BENCHMARKS.md (no timing assertions in tests)."""
