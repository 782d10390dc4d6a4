from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "earful.themes"
    label = "themes"
    verbose_name = "Themes"

    def ready(self) -> None:
        from earful.themes import receivers  # noqa: F401  (connects the signal handlers)
