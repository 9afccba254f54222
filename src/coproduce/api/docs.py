"""The API's documentation page, drawn on the server from the OpenAPI description.

No JavaScript and nothing loaded from elsewhere: each operation with its parameters and
answers, and each schema with its fields, as plain GOV.UK tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHOD_ORDER = ("get", "post", "put", "patch", "delete")
REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class TypeInfo:
    """A JSON schema type said in words, linked to the schema it names, if any."""

    label: str
    ref: str = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    type: TypeInfo
    description: str


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    type: TypeInfo | None


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    needs_sign_in: bool
    parameters: list[Parameter] = field(default_factory=list)
    body: TypeInfo | None = None
    answers: list[Answer] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return slugify(f"{self.method} {self.path}")


@dataclass
class Group:
    name: str
    operations: list[Operation] = field(default_factory=list)


@dataclass(frozen=True)
class SchemaField:
    name: str
    type: TypeInfo
    required: bool
    description: str


@dataclass(frozen=True)
class SchemaDoc:
    name: str
    description: str
    fields: list[SchemaField]
    values: list[str]

    @property
    def anchor(self) -> str:
        return f"schema-{self.name}"


def _ref_name(ref: str) -> str:
    return ref.removeprefix(REF_PREFIX)


def _type_of_variants(variants: list[Mapping[str, Any]]) -> TypeInfo:
    infos = [describe_type(variant) for variant in variants]
    ref = next((info.ref for info in infos if info.ref), "")
    return TypeInfo(" or ".join(info.label for info in infos), ref)


def describe_type(schema: Mapping[str, Any]) -> TypeInfo:
    """`{"type": "array", "items": {"$ref": ".../AreaOut"}}` becomes "list of AreaOut"."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return TypeInfo(name, f"schema-{name}")
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _type_of_variants(schema[key])
    if "enum" in schema:
        return TypeInfo("one of " + ", ".join(str(value) for value in schema["enum"]))
    kind = schema.get("type", "any")
    if kind == "array":
        inner = describe_type(schema.get("items", {}))
        return TypeInfo(f"list of {inner.label}", inner.ref)
    if isinstance(kind, list):
        return TypeInfo(" or ".join(str(item) for item in kind))
    label = str(kind)
    if "format" in schema:
        label += f" ({schema['format']})"
    return TypeInfo(label)


def _content_type(content: Mapping[str, Any] | None) -> TypeInfo | None:
    for media in (content or {}).values():
        if "schema" in media:
            return describe_type(media["schema"])
    return None


def _operation(method: str, path: str, spec: Mapping[str, Any]) -> Operation:
    return Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        needs_sign_in=bool(spec.get("security")),
        parameters=[
            Parameter(
                name=param["name"],
                location=param.get("in", ""),
                required=bool(param.get("required")),
                type=describe_type(param.get("schema", {})),
                description=param.get(
                    "description", param.get("schema", {}).get("description", "")
                ),
            )
            for param in spec.get("parameters", [])
        ],
        body=_content_type(spec.get("requestBody", {}).get("content")),
        answers=[
            Answer(str(status), answer.get("description", ""), _content_type(answer.get("content")))
            for status, answer in sorted(spec.get("responses", {}).items())
        ],
    )


def operation_groups(openapi: Mapping[str, Any]) -> list[Group]:
    """Operations grouped by their first tag, in the order the API declares them."""
    groups: dict[str, Group] = {}
    for path, methods in openapi.get("paths", {}).items():
        for method in METHOD_ORDER:
            if method not in methods:
                continue
            spec = methods[method]
            tag = (spec.get("tags") or ["other"])[0]
            groups.setdefault(tag, Group(tag)).operations.append(_operation(method, path, spec))
    return list(groups.values())


def _schema_doc(name: str, schema: Mapping[str, Any]) -> SchemaDoc:
    required = set(schema.get("required", []))
    return SchemaDoc(
        name=name,
        description=schema.get("description", ""),
        fields=[
            SchemaField(
                name=field_name,
                type=describe_type(spec),
                required=field_name in required,
                description=spec.get("description", ""),
            )
            for field_name, spec in schema.get("properties", {}).items()
        ],
        values=[str(value) for value in schema.get("enum", [])],
    )


def schema_docs(openapi: Mapping[str, Any]) -> list[SchemaDoc]:
    schemas = openapi.get("components", {}).get("schemas", {})
    return [_schema_doc(name, schemas[name]) for name in sorted(schemas)]


class ApiDocs(DocsBase):
    """Renders `api/docs.html`; the same page for everyone, signed in or not."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        openapi = api.get_openapi_schema(path_params=kwargs)
        context = {
            "api": api,
            "openapi_url": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs),
            "openapi_version": openapi.get("openapi", ""),
            "example_url": request.build_absolute_uri(api.get_root_path(kwargs) + "me"),
            "groups": operation_groups(openapi),
            "schemas": schema_docs(openapi),
        }
        return render(request, "api/docs.html", context)
