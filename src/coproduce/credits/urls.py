from django.urls import path

from coproduce.credits import views

app_name = "credits"
urlpatterns = [
    path("", views.balance, name="balance"),
    path("give/", views.give, name="give"),
]
