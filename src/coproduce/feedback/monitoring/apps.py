from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "coproduce.feedback.monitoring"
    label = "monitoring"
    verbose_name = "Co-monitoring schemes"
