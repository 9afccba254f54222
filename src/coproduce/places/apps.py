from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "coproduce.places"
    verbose_name = "Places"
