from django.urls import path

from coproduce.api import views

app_name = "api"
urlpatterns = [
    path("", views.token_list, name="token-list"),
    path("new/", views.token_create, name="token-create"),
    path("<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
