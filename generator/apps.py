from django.apps import AppConfig


class GeneratorConfig(AppConfig):
    """``manage.py generate_newsroom``: a synthetic archive for benchmarks."""

    name = "generator"
    verbose_name = "Synthetic newsroom"
