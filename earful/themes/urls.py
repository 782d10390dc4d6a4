from __future__ import annotations

from django.urls import path

from earful.themes import views

urlpatterns = [
    path("themes/", views.priority_view, name="theme_priority"),
    path("themes/verbatims/", views.verbatim_list_view, name="verbatim_list"),
    path(
        "themes/verbatims/<int:response_id>/correct/",
        views.verbatim_correct_view,
        name="verbatim_correct",
    ),
    path("themes/opportunities/", views.opportunity_list_view, name="opportunity_list"),
    path("themes/taxonomy/", views.theme_list_view, name="theme_list"),
    path("themes/taxonomy/new/", views.theme_create_view, name="theme_create"),
    path("themes/taxonomy/settings/", views.taxonomy_settings_view, name="taxonomy_settings"),
    path("themes/taxonomy/<int:theme_id>/", views.theme_edit_view, name="theme_edit"),
    path("themes/discovery/", views.proposal_list_view, name="proposal_list"),
    path("themes/discovery/run/", views.discovery_run_view, name="discovery_run"),
    path(
        "themes/discovery/<int:proposal_id>/accept/",
        views.proposal_accept_view,
        name="proposal_accept",
    ),
    path(
        "themes/discovery/<int:proposal_id>/rename/",
        views.proposal_rename_view,
        name="proposal_rename",
    ),
    path(
        "themes/discovery/<int:proposal_id>/merge/",
        views.proposal_merge_view,
        name="proposal_merge",
    ),
    path(
        "themes/discovery/<int:proposal_id>/dismiss/",
        views.proposal_dismiss_view,
        name="proposal_dismiss",
    ),
]
