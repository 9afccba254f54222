"""Everything that changes opportunities, shifts, sign-ups, hours given and checks.

Every function takes the `actor` (who does it). Where a step is a resident's own (signing up,
logging hours), it also takes the `person` it is for; staff may do it on their behalf and the
audit log records it as such.
"""

from coproduce.delivery.services.contributions import (
    checked_role,
    confirm_contribution,
    correct_contribution,
    credit_key,
    log_hours,
    mark_attendance,
    parse_hours,
    reject_contribution,
)
from coproduce.delivery.services.messages import message_shift
from coproduce.delivery.services.opportunities import (
    add_shift,
    change_shift_capacity,
    create_opportunity,
    publish_opportunity,
    update_opportunity,
)
from coproduce.delivery.services.safeguarding import forget_person, record_check
from coproduce.delivery.services.signups import sign_up, withdraw

__all__ = [
    "add_shift",
    "change_shift_capacity",
    "checked_role",
    "confirm_contribution",
    "correct_contribution",
    "create_opportunity",
    "credit_key",
    "forget_person",
    "log_hours",
    "mark_attendance",
    "message_shift",
    "parse_hours",
    "publish_opportunity",
    "record_check",
    "reject_contribution",
    "sign_up",
    "update_opportunity",
    "withdraw",
]
