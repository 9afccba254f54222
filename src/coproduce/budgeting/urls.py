from django.urls import URLPattern, URLResolver, path

from coproduce.budgeting import staff_views, views

app_name = "budgeting"

# The voting pages share /budgets/<slug>/ and own vote…, ballots… and results…: none here.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.process_list, name="process-list"),
    path("add/", staff_views.process_add, name="process-add"),
    path("<slug:slug>/", views.process_detail, name="process-detail"),
    path("<slug:slug>/edit/", staff_views.process_edit, name="process-edit"),
    path("<slug:slug>/publish/", staff_views.process_publish, name="process-publish"),
    path("<slug:slug>/phase/", staff_views.process_phase, name="process-phase"),
    path("<slug:slug>/review/", staff_views.review_list, name="review-list"),
    path("<slug:slug>/ideas/", views.proposal_list, name="proposal-list"),
    path("<slug:slug>/ideas/add/", views.proposal_add, name="proposal-add"),
    path("<slug:slug>/ideas/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("<slug:slug>/ideas/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("<slug:slug>/ideas/<int:pk>/support/", views.proposal_support, name="proposal-support"),
    path("<slug:slug>/ideas/<int:pk>/offer/", views.offer_add, name="offer-add"),
    path("<slug:slug>/ideas/<int:pk>/comment/", views.comment_add, name="comment-add"),
    path("<slug:slug>/ideas/<int:pk>/reply/", views.proposal_respond, name="proposal-respond"),
    path("<slug:slug>/ideas/<int:pk>/follow/", views.project_follow, name="project-follow"),
    path("<slug:slug>/ideas/<int:pk>/review/", staff_views.proposal_review, name="proposal-review"),
    path("<slug:slug>/ideas/<int:pk>/merge/", staff_views.proposal_merge, name="proposal-merge"),
    path(
        "<slug:slug>/ideas/<int:pk>/offers/convert/",
        staff_views.offers_convert,
        name="offers-convert",
    ),
    path("<slug:slug>/ideas/<int:pk>/project/", staff_views.project_edit, name="project-edit"),
    path("<slug:slug>/comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    path("<slug:slug>/comments/<int:pk>/hide/", staff_views.comment_hide, name="comment-hide"),
]
