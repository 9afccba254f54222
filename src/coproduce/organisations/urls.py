from django.urls import path

from coproduce.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    # "add" is a reserved web address, so no organisation can hide this page.
    path("add/", views.organisation_add, name="organisation-add"),
    path("<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation-edit"),
    path("<slug:slug>/members/add/", views.member_add, name="member-add"),
    path("<slug:slug>/members/<int:pk>/", views.member_edit, name="member-edit"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
]
