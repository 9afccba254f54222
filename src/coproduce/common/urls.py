from django.urls import path

from coproduce.common import views

app_name = "common"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("audit/<int:content_type_id>/<str:object_id>/", views.audit_log, name="audit-log"),
    path("health/", views.health, name="health"),
]
