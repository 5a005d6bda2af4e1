"""Benchmarks: each prints its figures together with a baseline measured in the same run."""
