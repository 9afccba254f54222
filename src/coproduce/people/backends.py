"""Django's model permissions, looked up only for people who can use the admin pages.

coproduce's own permissions are `rules` predicates. Django's per-model permissions matter only
in the site administration, which only `is_staff` accounts can open; skipping the lookup for
everyone else saves two queries on every page that asks a permission question.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not getattr(user_obj, "is_staff", False):
            return set()
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not getattr(user_obj, "is_staff", False):
            return set()
        return super().get_group_permissions(user_obj, obj)
