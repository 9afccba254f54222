"""How allauth creates accounts here: a display name, a language, and an audit event."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.http import HttpRequest

from coproduce.common import audit
from coproduce.common.email import send_email_later
from coproduce.people.models import Profile


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name") or user.email.split("@")[0]
        language = getattr(request, "LANGUAGE_CODE", "en")
        user.preferred_language = language
        if commit:
            user.save()
            Profile.objects.get_or_create(person=user)
            audit.record(actor=user, action="people.register", target=user)
        return user

    def login(self, request: HttpRequest, user: Any) -> None:
        """A password typed moments ago counts as re-entering it.

        Without this, a member of staff sent to set up their authenticator app straight after
        signing in would be asked for the password they have just typed. allauth's
        REAUTHENTICATION_TIMEOUT (5 minutes) still limits how long it counts for.
        """
        super().login(request, user)
        records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
        if isinstance(records, list):
            for record in records:
                if record.get("method") == "password":
                    record["reauthenticated"] = True
            request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render now, send from the worker: a slow mail server never holds up a page."""
        context = {**context, "site_name": settings.SITE_NAME}
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        send_email_later(
            subject=str(message.subject),
            body=str(message.body),
            to=list(message.to),
            html_body=html,
            from_email=message.from_email,
        )
