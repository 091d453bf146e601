"""Runnable benchmarks that print tables of medians and ratios."""
