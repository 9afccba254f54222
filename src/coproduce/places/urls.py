from django.urls import path

from coproduce.places import views

app_name = "places"
urlpatterns = [
    path("", views.area_list, name="area-list"),
    # "add" is a reserved web address, so no area can hide this page.
    path("add/", views.area_add, name="area-add"),
    path("<slug:slug>/", views.area_detail, name="area-detail"),
    path("<slug:slug>/edit/", views.area_edit, name="area-edit"),
]
