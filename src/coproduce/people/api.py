"""The signed-in person in the API: who they are, and the few account details they may change."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import AfterValidator, ConfigDict, StringConstraints, WithJsonSchema

from coproduce.api import selectors
from coproduce.api.auth import signed_in
from coproduce.api.problems import ProblemOut
from coproduce.api.types import LineOfText
from coproduce.organisations.api import OrganisationKind
from coproduce.organisations.models import Membership
from coproduce.people import services
from coproduce.people.models import User
from coproduce.people.roles import ALL_ROLES, roles_of

router = Router(tags=["me"], auth=signed_in)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _known_language(code: str) -> str:
    if code not in LANGUAGE_CODES:
        raise ValueError(
            _("Choose one of the languages the site is in: %(codes)s.")
            % {"codes": ", ".join(LANGUAGE_CODES)}
        )
    return code


LanguageCode = Annotated[
    str, AfterValidator(_known_language), WithJsonSchema({"type": "string", "enum": LANGUAGE_CODES})
]
RoleName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(ALL_ROLES)})]
MembershipRole = Annotated[
    Membership.Role, WithJsonSchema({"type": "string", "enum": Membership.Role.values})
]
DisplayName = Annotated[LineOfText, StringConstraints(min_length=1, max_length=120)]


class MembershipOut(Schema):
    slug: str = Field(alias="organisation.slug")
    name: str = Field(alias="organisation.name")
    kind: OrganisationKind = Field(alias="organisation.kind")
    role: MembershipRole = Field(description="member, or manager of the organisation.")
    title: str = Field(description="Job title, if any.")


class MeOut(Schema):
    id: int
    display_name: str
    email: str | None
    # Plain text on the way out: an account keeps its language even if the site drops it.
    preferred_language: str
    roles: list[RoleName] = Field(description="The roles this person holds, in a fixed order.")
    organisations: list[MembershipOut] = Field(
        description="The organisations this person belongs to."
    )

    @staticmethod
    def resolve_roles(person: User) -> list[str]:
        held = roles_of(person)
        return [role for role in ALL_ROLES if role in held]

    @staticmethod
    def resolve_organisations(person: User) -> list[Membership]:
        return list(selectors.memberships_of(person))


class MeIn(Schema):
    """Send only what you want to change."""

    # A misspelt field would otherwise be ignored without a word.
    model_config = ConfigDict(extra="forbid")

    display_name: DisplayName | None = Field(None, description="The name others see.")
    preferred_language: LanguageCode | None = Field(
        None, description="The language to show the site in."
    )


AUTH_PROBLEMS: dict[int, type[ProblemOut]] = {401: ProblemOut, 403: ProblemOut}


def _person(request: HttpRequest) -> User:
    person = request.auth  # type: ignore[attr-defined]
    assert isinstance(person, User)
    return person


@router.get("", summary="Get your account", response={200: MeOut, **AUTH_PROBLEMS})
def get_me(request: HttpRequest) -> User:
    """The person using the API."""
    return _person(request)


@router.patch(
    "",
    summary="Change your account",
    response={200: MeOut, 400: ProblemOut, 422: ProblemOut, **AUTH_PROBLEMS},
)
def update_me(request: HttpRequest, payload: MeIn) -> User:
    """Change your name or the language you read the site in."""
    person = _person(request)
    services.update_profile(actor=person, person=person, data=payload.model_dump(exclude_none=True))
    return person
