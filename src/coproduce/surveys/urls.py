from django.urls import URLPattern, URLResolver, path, register_converter

from coproduce.surveys import views, views_build, views_results


class DownloadConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DownloadConverter, "download")

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.survey_list, name="survey-list"),
    path("manage/", views_build.manage_list, name="manage"),
    path("new/", views_build.survey_add, name="survey-add"),
    path("<slug:slug>/", views.survey_detail, name="survey-detail"),
    path("<slug:slug>/start/", views.survey_start, name="start"),
    path("<slug:slug>/answer/<int:response>/<int:step>/", views.answer, name="answer"),
    path("<slug:slug>/answer/<int:response>/check/", views.check, name="check"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/print/", views.print_form, name="print"),
    path("<slug:slug>/build/", views_build.build, name="build"),
    path("<slug:slug>/edit/", views_build.survey_edit, name="survey-edit"),
    path("<slug:slug>/status/", views_build.survey_status, name="survey-status"),
    path("<slug:slug>/preview/", views_build.preview, name="preview"),
    path("<slug:slug>/paper/", views_build.paper_entry, name="paper"),
    path("<slug:slug>/sections/add/", views_build.section_add, name="section-add"),
    path("<slug:slug>/sections/<int:pk>/edit/", views_build.section_edit, name="section-edit"),
    path(
        "<slug:slug>/sections/<int:pk>/change/",
        views_build.section_change,
        name="section-change",
    ),
    path(
        "<slug:slug>/sections/<int:section>/questions/add/",
        views_build.question_add,
        name="question-add",
    ),
    path("<slug:slug>/questions/<int:pk>/edit/", views_build.question_edit, name="question-edit"),
    path(
        "<slug:slug>/questions/<int:pk>/change/",
        views_build.question_change,
        name="question-change",
    ),
    path("<slug:slug>/questions/<int:pk>/skip/", views_build.question_skip, name="question-skip"),
    path(
        "<slug:slug>/questions/<int:pk>/translate/<str:language>/",
        views_build.question_translate,
        name="question-translate",
    ),
    path("<slug:slug>/results/", views_results.results, name="results"),
    path(
        "<slug:slug>/results.<download:extension>",
        views_results.results_download,
        name="results-download",
    ),
    path(
        "<slug:slug>/responses.<download:extension>",
        views_results.responses_download,
        name="responses-download",
    ),
    path("<slug:slug>/free-text/", views_results.free_text, name="free-text"),
    path("<slug:slug>/answers/<int:pk>/tag/", views_results.tag, name="tag"),
    path("<slug:slug>/invite/", views_results.invite, name="invite"),
]
