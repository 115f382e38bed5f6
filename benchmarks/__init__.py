"""Build benchmark of the transparency site: `python -m benchmarks.run` (see README.md)."""
