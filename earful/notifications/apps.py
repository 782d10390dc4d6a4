from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "earful.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from earful.notifications import (  # noqa: F401  (connect the signal handlers)
            kudos_receivers,
            receivers,
        )
