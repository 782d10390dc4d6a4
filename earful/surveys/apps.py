from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "earful.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from earful.surveys import receivers  # noqa: F401  (connects the signal handlers)
