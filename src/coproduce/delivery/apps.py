from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "coproduce.delivery"
    verbose_name = "Co-delivery"

    def ready(self) -> None:
        from coproduce.delivery import receivers  # noqa: F401 - connects the signal receivers
