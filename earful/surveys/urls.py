from __future__ import annotations

from django.urls import path

from earful.surveys import views

urlpatterns = [
    path("r/<str:token>/", views.answer, name="survey_answer"),
    path("r/<str:token>/thanks/", views.thanks, name="survey_thanks"),
    path("r/<str:token>/unsubscribe/", views.unsubscribe, name="survey_unsubscribe"),
]
