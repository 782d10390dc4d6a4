from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "earful.metrics"
    label = "metrics"
    verbose_name = "Metrics"

    def ready(self) -> None:
        from earful.metrics import receivers  # noqa: F401  (connects the signal handlers)
