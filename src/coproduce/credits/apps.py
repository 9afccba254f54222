from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "coproduce.credits"
    verbose_name = "Time credits"
