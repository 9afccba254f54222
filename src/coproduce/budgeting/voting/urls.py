from django.urls import URLPattern, URLResolver, path

from coproduce.budgeting.voting import import_views, results_views, views

app_name = "voting"

urlpatterns: list[URLPattern | URLResolver] = [
    # Under add/, a word no budget can take as its short name.
    path("add/import/", import_views.import_pb, name="import"),
    path("<slug:slug>/vote/", views.ballot, name="ballot"),
    path("<slug:slug>/vote/identity/", views.identity, name="identity"),
    path("<slug:slug>/vote/assisted/", views.assisted, name="assisted"),
    path("<slug:slug>/ballots/paper/", views.paper, name="paper"),
    path("<slug:slug>/ballots/settings/", views.voting_settings, name="settings"),
    path("<slug:slug>/ballots/polling-cards/", views.polling_cards, name="polling-cards"),
    path("<slug:slug>/results/", results_views.results_page, name="results"),
    path("<slug:slug>/results/results.csv", results_views.results_csv, name="results-csv"),
    path("<slug:slug>/results/results.xlsx", results_views.results_xlsx, name="results-xlsx"),
    path("<slug:slug>/results/ballots.pb", results_views.results_pb, name="results-pb"),
    path("<slug:slug>/results/publish/", results_views.publish, name="publish"),
]
