from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "earful.web"
    label = "web"
    verbose_name = "Web shell"
