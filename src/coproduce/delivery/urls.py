from django.urls import path

from coproduce.delivery import report_views, views

app_name = "delivery"
urlpatterns = [
    path("", views.opportunity_list, name="opportunity-list"),
    path("add/", views.opportunity_add, name="opportunity-add"),
    path("<int:pk>/", views.opportunity_detail, name="opportunity-detail"),
    path("<int:pk>/edit/", views.opportunity_edit, name="opportunity-edit"),
    path("<int:pk>/publish/", views.opportunity_publish, name="opportunity-publish"),
    path("<int:pk>/shifts/add/", views.shift_add, name="shift-add"),
    path("shifts/<int:pk>/sign-up/", views.shift_sign_up, name="shift-sign-up"),
    path("shifts/<int:pk>/withdraw/", views.shift_withdraw, name="shift-withdraw"),
    path("shifts/<int:pk>/register/", views.shift_register, name="shift-register"),
    path("shifts/<int:pk>/register/print/", views.shift_register_print, name="shift-print"),
    path("shifts/<int:pk>/message/", views.shift_message, name="shift-message"),
    path("hours/", views.hours, name="hours"),
    path("hours/log/", views.hours_log, name="hours-log"),
    path("hours/to-confirm/", views.contributions, name="contributions"),
    path("hours/<int:pk>/", views.contribution_decide, name="contribution-decide"),
    path("hours/<int:pk>/correct/", views.contribution_correct, name="contribution-correct"),
    path("next-step/", report_views.next_step, name="next-step"),
    path("impact/", report_views.impact_report, name="impact"),
    path("impact/impact.csv", report_views.impact_csv, name="impact-csv"),
    path("impact/impact.xlsx", report_views.impact_xlsx, name="impact-xlsx"),
    path("safeguarding/", views.checks, name="checks"),
    path("safeguarding/add/", views.check_add, name="check-add"),
]
