"""The one API object. Each app contributes its router from its own api.py."""

from __future__ import annotations

from typing import Any

from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, re_path, reverse
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.types import DictStrAny

from coproduce.api import problems
from coproduce.api.docs import ApiDocs
from coproduce.api.problems import PROBLEM_CONTENT_TYPE
from coproduce.budgeting.voting.api import router as ballots_router
from coproduce.credits.api import router as credits_router
from coproduce.delivery.api import contributions_router, shifts_router
from coproduce.delivery.api import router as opportunities_router
from coproduce.delivery.report_api import router as reports_router
from coproduce.organisations.api import router as organisations_router
from coproduce.people.api import router as me_router
from coproduce.places.api import router as areas_router

DESCRIPTION = """\
Read and write coproduce data from your own scripts and services.

Areas and organisations are open to everyone. To read or change your own account, sign in on
this site, or make a personal access token and send it in an `Authorization: Bearer <token>`
header. Lists come a page at a time: ask for `?page=2&page_size=50`. Every error is an
RFC 9457 problem (`application/problem+json`) with a `detail` that says what went wrong.
"""


def _operations(schema: OpenAPISchema) -> list[dict[str, Any]]:
    return [operation for path in schema.get("paths", {}).values() for operation in path.values()]


class CoproduceAPI(NinjaAPI):
    """NinjaAPI whose every answer, even for an unknown address or method, is JSON."""

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                if pattern.name == "api-root":
                    pattern.callback = self._root_view
                else:
                    pattern.callback = problems.with_problem_for_wrong_method(pattern.callback)
        urls.append(re_path(r"^.*$", problems.not_found_view, name="not-found"))
        return urls

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operation in _operations(schema):
            for status, answer in operation.get("responses", {}).items():
                content = answer.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    answer["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        return schema

    def _root_view(self, request: object, **kwargs: object) -> object:
        return redirect(reverse(f"{self.urls_namespace}:openapi-view", kwargs=kwargs))


api = CoproduceAPI(
    title="coproduce API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    docs=ApiDocs(),
)
problems.register(api)
api.add_router("/me", me_router)
api.add_router("/areas", areas_router)
api.add_router("/organisations", organisations_router)
api.add_router("/opportunities", opportunities_router)
api.add_router("/shifts", shifts_router)
api.add_router("/contributions", contributions_router)
api.add_router("/credits", credits_router)
api.add_router("/reports", reports_router)
api.add_router("/feedback", "coproduce.feedback.api.router")
api.add_router("/monitoring/schemes", "coproduce.feedback.monitoring.api.router")
api.add_router("/budgets", ballots_router)
api.add_router("/budgets", "coproduce.budgeting.api.router")
api.add_router("/surveys", "coproduce.surveys.api.router")
