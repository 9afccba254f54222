"""The one API object. Each app contributes its router from its own api.py."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="coproduce API",
    version="1",
    description="Read and write coproduce data from your own scripts and services.",
    urls_namespace="api-1",
)
