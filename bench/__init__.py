"""Performance figures for ``make bench``: each ``bench_*.py`` module prints its own."""
