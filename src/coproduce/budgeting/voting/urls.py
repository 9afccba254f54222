from django.urls import URLPattern, URLResolver

app_name = "voting"

urlpatterns: list[URLPattern | URLResolver] = []
