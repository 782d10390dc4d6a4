from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "earful.surveys"
    label = "surveys"
    verbose_name = "Surveys"
