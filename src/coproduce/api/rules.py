"""Who may do what with personal access tokens, as named predicates."""

from __future__ import annotations

from typing import Any

import rules

from coproduce.api.auth import may_use_api


@rules.predicate
def can_use_api(user: Any) -> bool:
    return may_use_api(user)


@rules.predicate
def owns_token(user: Any, token: Any) -> bool:
    return token is not None and user.is_authenticated and token.person_id == user.pk


rules.add_perm("api.add_accesstoken", can_use_api)
rules.add_perm("api.revoke_accesstoken", can_use_api & owns_token)
