# Shared by the cases helpers: root-cause taxonomy (cases/root-causes/) and the inbox
# and case pages. Re-read before editing, and change only your own lines.
from __future__ import annotations

from django.urls import path

from earful.cases.views import case_pages, inbox, replies, taxonomy

urlpatterns = [
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/team/", inbox.inbox_team, name="inbox_team"),
    path("cases/<int:case_id>/", case_pages.case_detail, name="case_detail"),
    path("cases/<int:case_id>/call/", case_pages.case_log_call, name="case_log_call"),
    path("cases/<int:case_id>/resolve/", case_pages.case_resolve, name="case_resolve"),
    path("cases/<int:case_id>/close/", case_pages.case_close, name="case_close"),
    path("cases/<int:case_id>/reopen/", case_pages.case_reopen, name="case_reopen"),
    path("cases/<int:case_id>/reply/", replies.case_reply, name="case_reply"),
    path("cases/root-causes/", taxonomy.root_cause_list_view, name="root_cause_list"),
    path("cases/root-causes/new/", taxonomy.root_cause_create_view, name="root_cause_create"),
    path(
        "cases/root-causes/<int:root_cause_id>/",
        taxonomy.root_cause_edit_view,
        name="root_cause_edit",
    ),
    path(
        "cases/root-causes/<int:root_cause_id>/active/",
        taxonomy.root_cause_set_active_view,
        name="root_cause_set_active",
    ),
]
