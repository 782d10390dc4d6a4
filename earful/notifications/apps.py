from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "earful.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from earful.notifications import receivers  # noqa: F401  (connects the signal handlers)
