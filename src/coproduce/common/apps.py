from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "coproduce.common"
    verbose_name = "Common"
