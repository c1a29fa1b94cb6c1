from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Scale and speed: the national-scale data set, the benchmark, the load test (issue 8)."""

    name = "benchmarks"
    verbose_name = "Benchmarks"
