from django.urls import path

from coproduce.feedback.monitoring import presenting, views

app_name = "monitoring"

urlpatterns = [
    path("", views.scheme_list, name="scheme-list"),
    path("add/", views.scheme_add, name="scheme-add"),
    path("<int:pk>/", views.scheme_detail, name="scheme-detail"),
    path("<int:pk>/edit/", views.scheme_edit, name="scheme-edit"),
    path("<int:pk>/questions/add/", views.field_add, name="field-add"),
    path("<int:pk>/places/add/", views.place_add, name="place-add"),
    path("<int:pk>/volunteers/", views.volunteers, name="volunteers"),
    path("<int:pk>/code-of-conduct/", views.agree, name="agree"),
    path("<int:pk>/record/", views.observation_add, name="observation-add"),
    path("<int:pk>/observations.csv", presenting.export_csv, name="export-csv"),
    path("<int:pk>/observations.xlsx", presenting.export_xlsx, name="export-xlsx"),
    path("observations/<int:pk>/", views.observation_detail, name="observation-detail"),
    path("observations/<int:pk>/sent/", views.observation_sent, name="observation-sent"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
