from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "coproduce.surveys"
    verbose_name = "Surveys"
