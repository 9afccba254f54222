from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "coproduce.feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        from coproduce.feedback import receivers
        from coproduce.people import exports

        exports.register("feedback", receivers.export_section)
