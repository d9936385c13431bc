"""Benchmarks: `make bench` (python -m benchmarks.run) runs every bench_*.py into results.json."""
