"""Every write in voting: one function per thing a person does, each checking permission."""

from coproduce.budgeting.voting.services.ballots import IdentityNeeded, cast_ballot
from coproduce.budgeting.voting.services.identity import (
    confirm_phone_code,
    make_polling_cards,
    send_phone_code,
    use_polling_card,
)
from coproduce.budgeting.voting.services.paper import key_paper_ballot, outcome_message
from coproduce.budgeting.voting.services.results import (
    export_pb,
    import_pb,
    publish_results,
    save_voting_settings,
)

__all__ = [
    "IdentityNeeded",
    "cast_ballot",
    "confirm_phone_code",
    "export_pb",
    "import_pb",
    "key_paper_ballot",
    "make_polling_cards",
    "outcome_message",
    "publish_results",
    "save_voting_settings",
    "send_phone_code",
    "use_polling_card",
]
