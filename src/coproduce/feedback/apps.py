from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "coproduce.feedback"
    verbose_name = "Feedback"
