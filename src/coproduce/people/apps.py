from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "coproduce.people"
    verbose_name = "People"
