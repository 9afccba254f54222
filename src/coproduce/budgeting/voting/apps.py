from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "coproduce.budgeting.voting"
    label = "voting"
    verbose_name = "Participatory budgeting: voting"
