from django.urls import URLPattern, URLResolver, path

from coproduce.feedback import trend_views, views, views_staff

app_name = "feedback"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.give, name="give"),
    path("sent/<str:token>/", views.sent, name="sent"),
    path("follow/", views.follow, name="follow"),
    path("follow/<str:token>/", views.follow_link, name="follow-link"),
    path("follow/<str:token>/rate/", views.follow_rate, name="follow-rate"),
    path("follow/<str:token>/review/", views.follow_review, name="follow-review"),
    path("mine/", views.mine, name="mine"),
    path("you-said-we-did/", views.public_list, name="public-list"),
    path("you-said-we-did/<int:pk>/", views.public_detail, name="public-detail"),
    path("staff/", views_staff.dashboard, name="staff-dashboard"),
    path("staff/trends/", trend_views.trends, name="trends"),
    path("staff/trends.csv", trend_views.trends_csv, name="trends-csv"),
    path("staff/trends.xlsx", trend_views.trends_xlsx, name="trends-xlsx"),
    path("staff/summaries/<int:pk>/", views_staff.summary_edit, name="summary-edit"),
    path("staff/<str:reference>/", views_staff.detail, name="staff-detail"),
    path("staff/<str:reference>/triage/", views_staff.triage, name="staff-triage"),
    path("staff/<str:reference>/acknowledge/", views_staff.acknowledge, name="staff-acknowledge"),
    path("staff/<str:reference>/answer/", views_staff.respond, name="staff-respond"),
    path("staff/<str:reference>/link/", views_staff.link, name="staff-link"),
    path("staff/<str:reference>/publish/", views_staff.publish, name="staff-publish"),
    path("staff/<str:reference>/photos/<int:pk>/", views_staff.photo, name="staff-photo"),
]
