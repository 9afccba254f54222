from django.urls import path

from coproduce.places import views

app_name = "places"
urlpatterns = [
    path("", views.area_list, name="area-list"),
    path("<slug:slug>/", views.area_detail, name="area-detail"),
]
