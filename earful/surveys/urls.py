from __future__ import annotations

from django.urls import path

from earful.surveys import program_views, views, walk_in_views

urlpatterns = [
    path("r/<str:token>/", views.answer, name="survey_answer"),
    path("r/<str:token>/thanks/", views.thanks, name="survey_thanks"),
    path("r/<str:token>/unsubscribe/", views.unsubscribe, name="survey_unsubscribe"),
    path("programs/", program_views.program_list, name="program_list"),
    path("programs/new/", program_views.program_create_view, name="program_create"),
    path("programs/<int:program_id>/", program_views.program_detail, name="program_detail"),
    path("programs/<int:program_id>/edit/", program_views.program_edit, name="program_edit"),
    path(
        "programs/<int:program_id>/active/",
        program_views.program_set_active_view,
        name="program_set_active",
    ),
    path("w/<str:token>/", walk_in_views.walk_in_answer, name="walk_in_answer"),
    path("w/<str:token>/thanks/", walk_in_views.walk_in_thanks, name="walk_in_thanks"),
    path(
        "programs/<int:program_id>/walk-in/",
        walk_in_views.program_walk_in,
        name="program_walk_in",
    ),
    path(
        "programs/<int:program_id>/walk-in/new/",
        walk_in_views.walk_in_link_create_view,
        name="walk_in_link_create",
    ),
    path(
        "programs/<int:program_id>/walk-in/<int:link_id>/active/",
        walk_in_views.walk_in_link_set_active_view,
        name="walk_in_link_set_active",
    ),
    path(
        "programs/<int:program_id>/walk-in/<int:link_id>/poster/",
        walk_in_views.walk_in_poster,
        name="walk_in_poster",
    ),
    path(
        "programs/<int:program_id>/walk-in/<int:link_id>/qr.svg",
        walk_in_views.walk_in_qr_svg,
        name="walk_in_qr_svg",
    ),
    path(
        "programs/<int:program_id>/walk-in/<int:link_id>/qr.png",
        walk_in_views.walk_in_qr_png,
        name="walk_in_qr_png",
    ),
]
