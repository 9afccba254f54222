from django.urls import path

from coproduce.people import views

app_name = "people"
urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile, name="profile"),
    path("me/profile/<slug:section>/", views.profile_edit, name="profile-edit"),
    path("me/download/", views.download_data, name="download-data"),
    path("me/erase/", views.erase, name="erase"),
    path("erased/", views.erased, name="erased"),
    path("stop-acting/", views.stop_acting, name="stop-acting"),
    path("staff/", views.staff_people, name="staff-people"),
    path("staff/new/", views.staff_create, name="staff-create"),
    path("staff/<int:person_id>/", views.staff_person, name="staff-person"),
    path("staff/<int:person_id>/act/", views.act_for, name="act-for"),
]
