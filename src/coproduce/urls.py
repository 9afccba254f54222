from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from coproduce.api.api import api
from coproduce.common import views as common_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("coproduce.common.urls")),
    path("accounts/", include("allauth.urls")),
    path("people/", include("coproduce.people.urls")),
    path("areas/", include("coproduce.places.urls")),
    path("organisations/", include("coproduce.organisations.urls")),
    path("opportunities/", include("coproduce.delivery.urls")),
    path("credits/", include("coproduce.credits.urls")),
    path("budgets/", include("coproduce.budgeting.urls")),
    path("budgets/", include("coproduce.budgeting.voting.urls")),
    path("surveys/", include("coproduce.surveys.urls")),
    path("feedback/", include("coproduce.feedback.urls")),
    path("monitoring/", include("coproduce.feedback.monitoring.urls")),
    path("api/tokens/", include("coproduce.api.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", common_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "coproduce.common.views.bad_request"
handler403 = "coproduce.common.views.permission_denied"
handler404 = "coproduce.common.views.page_not_found"
handler500 = "coproduce.common.views.server_error"
