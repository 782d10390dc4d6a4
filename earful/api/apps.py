from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "earful.api"
    label = "api"
    verbose_name = "API"
