from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "earful.platform"
    label = "platform"
    verbose_name = "Platform"
