from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "coproduce.feedback.monitoring"
    label = "monitoring"
    verbose_name = "Co-monitoring schemes"

    def ready(self) -> None:
        from coproduce.feedback.monitoring import receivers  # noqa: F401 - connects the receivers
