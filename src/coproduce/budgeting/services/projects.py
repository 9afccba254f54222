"""Delivery tracking: a funded project's status, progress, spending and dated updates."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coproduce.budgeting.models import Follow, Project, ProjectUpdate, Proposal
from coproduce.budgeting.services._base import (
    MAX_COMMENT,
    check_image,
    clean_text,
    whole_amount,
)
from coproduce.common import audit
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User


def _funded(proposal: Proposal) -> None:
    if not proposal.is_funded:
        raise ServiceError(_("Only funded projects are tracked."), code="not_funded")


def update_project(
    *, actor: User, proposal: Proposal, status: str, progress: int, spent: int
) -> Project:
    with transaction.atomic():
        require(actor, "budgeting.change_project", proposal)
        _funded(proposal)
        if status not in Project.Status.values:
            raise ServiceError(_("Choose a status from the list."), field="status")
        if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
            raise ServiceError(_("Enter how far along it is from 0 to 100."), field="progress")
        money = whole_amount(spent, field="spent", label=_("the money spent"), least=0)
        project, _created = Project.objects.select_for_update().get_or_create(proposal=proposal)
        changes = audit.changed_fields(
            project, {"status": status, "progress": progress, "spent": money}
        )
        if changes:
            project.save()
            audit.record(
                actor=actor,
                action="budgeting.change_project",
                target=project,
                summary=f"Updated the delivery of {proposal.title}",
                changes=changes,
            )
        return project


def post_update(
    *,
    actor: User,
    proposal: Proposal,
    text: str,
    photo: UploadedFile | None = None,
    photo_description: str = "",
) -> ProjectUpdate:
    """A dated update; everyone who follows the project is emailed by a task."""
    from coproduce.budgeting.tasks import email_followers

    with transaction.atomic():
        require(actor, "budgeting.change_project", proposal)
        _funded(proposal)
        body = clean_text(text, field="text", required=_("Say what happened."), most=MAX_COMMENT)
        check_image(photo, field="photo")
        alt = clean_text(photo_description, field="photo_description", required=None, most=200)
        if photo is not None and not alt:
            raise ServiceError(
                _("Describe the photo for people who cannot see it."), field="photo_description"
            )
        project, _created = Project.objects.get_or_create(proposal=proposal)
        update = ProjectUpdate(project=project, text=body, posted_by=actor, photo_description=alt)
        if photo is not None:
            update.photo = photo
        update.save()
        audit.record(
            actor=actor,
            action="budgeting.post_update",
            target=project,
            summary=f"Posted an update on {proposal.title}",
        )
        update_id = update.pk
        transaction.on_commit(lambda: email_followers.enqueue(update_id=update_id))
        return update


def follow_project(*, actor: User, proposal: Proposal) -> Follow:
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Sign in to follow a project."))
    _funded(proposal)
    try:
        with transaction.atomic():
            return Follow.objects.create(proposal=proposal, person=actor)
    except IntegrityError:
        raise Conflict(_("You already follow this project.")) from None


def unfollow_project(*, actor: User, proposal: Proposal) -> None:
    deleted, _rows = Follow.objects.filter(proposal=proposal, person_id=actor.pk).delete()
    if not deleted:
        raise Conflict(_("You do not follow this project."))
