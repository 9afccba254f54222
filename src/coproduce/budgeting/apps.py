from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "coproduce.budgeting"
    verbose_name = "Participatory budgeting"
