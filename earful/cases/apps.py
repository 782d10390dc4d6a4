from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "earful.cases"
    label = "cases"
    verbose_name = "Follow-up cases"

    def ready(self) -> None:
        from earful.cases import receivers  # noqa: F401  (connects the signal handlers)
