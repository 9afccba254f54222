from django.urls import path

from coproduce.people import views

app_name = "people"
urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("stop-acting/", views.stop_acting, name="stop-acting"),
    path("staff/", views.staff_people, name="staff-people"),
]
