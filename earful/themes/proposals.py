"""Discovery: the answers that fit no theme, clustered by the text engine into proposals
for new themes, and the CX lead's decisions on them (accept, rename, merge, dismiss)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone

from earful.directory.models import Employee
from earful.metrics.dashboards import add_months
from earful.metrics.rollups import month_bounds, month_of
from earful.platform.audit import log_action
from earful.surveys.models import Response
from earful.text.discovery import Proposal, discover
from earful.themes.choices import ProposalStatus
from earful.themes.engine import engine_get, one_thread
from earful.themes.models import Theme, ThemeProposal
from earful.themes.services import corrections_add_theme, theme_create, theme_update

MONTHS = 12
MAX_TEXTS = 5000  # the newest unthemed answers clustered in one run
EXAMPLES = 5


def unthemed_responses(*, now: dt.datetime | None = None, limit: int = MAX_TEXTS) -> list[Response]:
    """Analysed answers of the last twelve months that raise no active theme, newest
    first (those are the ones discovery reads)."""
    now = now or timezone.now()
    start = month_bounds(add_months(month_of(now), -(MONTHS - 1)))[0]
    return list(
        Response.objects.filter(analysis__isnull=False, submitted_at__gte=start)
        .exclude(reason="")
        .exclude(theme_mentions__theme__is_active=True)
        .order_by("-submitted_at", "-pk")
        .only("pk", "reason", "submitted_at")[:limit]
    )


def _example_ids(proposal: Proposal, responses: list[Response]) -> list[int]:
    """The answers behind the proposal's most central texts (then other members)."""
    by_text: dict[str, int] = {}
    for i in proposal.members:
        by_text.setdefault(responses[i].reason, responses[i].pk)
    ids = [by_text[text] for text in proposal.examples if text in by_text]
    for i in proposal.members:
        if len(ids) >= EXAMPLES:
            break
        if responses[i].pk not in ids:
            ids.append(responses[i].pk)
    return ids[:EXAMPLES]


@transaction.atomic
def discovery_run(*, actor: Employee | None, now: dt.datetime | None = None) -> list[ThemeProposal]:
    """Replace the undecided proposals with this run's clusters of unthemed answers.
    Clusters whose label a CX lead already dismissed are not proposed again."""
    responses = unthemed_responses(now=now)
    texts = [r.reason for r in responses]
    with one_thread():
        found = discover(texts, engine_get().vectorise(texts)) if texts else []
    dismissed = {
        label.casefold()
        for label in ThemeProposal.objects.filter(status=ProposalStatus.DISMISSED).values_list(
            "label", flat=True
        )
    }
    ThemeProposal.objects.filter(status=ProposalStatus.PROPOSED).delete()
    made = []
    for proposal in found:
        if not proposal.members or proposal.label.casefold() in dismissed:
            continue
        trend = Counter(f"{month_of(responses[i].submitted_at):%Y-%m}" for i in proposal.members)
        made.append(
            ThemeProposal(
                label=proposal.label[:200],
                key_phrases=list(proposal.key_phrases),
                size=proposal.size,
                trend=dict(sorted(trend.items())),
                example_response_ids=_example_ids(proposal, responses),
            )
        )
    ThemeProposal.objects.bulk_create(made)
    log_action(
        "theme.discovery_run",
        actor=actor,
        data={"texts": len(texts), "proposals": len(made)},
    )
    return made


def _decide(
    proposal: ThemeProposal, actor: Employee | None, status: str, theme: Theme | None
) -> None:
    proposal.status = status
    proposal.theme = theme
    proposal.decided_by = actor if actor is not None and actor.pk else None
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "theme", "decided_by", "decided_at"])


def _examples(proposal: ThemeProposal) -> list[Response]:
    return list(Response.objects.filter(pk__in=proposal.example_response_ids))


@transaction.atomic
def proposal_accept(*, actor: Employee | None, proposal: ThemeProposal, name: str) -> Theme:
    """A new theme from the proposal: its key phrases are the example phrases, and its
    example answers become training examples of it."""
    theme = theme_create(actor=actor, name=name, examples=proposal.key_phrases)
    corrections_add_theme(actor=actor, theme=theme, responses=_examples(proposal))
    _decide(proposal, actor, ProposalStatus.ACCEPTED, theme)
    log_action("theme.proposal_accepted", actor=actor, obj=proposal, data={"theme": theme.key})
    return theme


@transaction.atomic
def proposal_rename(
    *, actor: Employee | None, proposal: ThemeProposal, label: str
) -> ThemeProposal:
    old = proposal.label
    proposal.label = label.strip()[:200]
    proposal.full_clean()
    proposal.save(update_fields=["label"])
    log_action(
        "theme.proposal_renamed",
        actor=actor,
        obj=proposal,
        data={"from": old, "to": proposal.label},
    )
    return proposal


@transaction.atomic
def proposal_merge(*, actor: Employee | None, proposal: ThemeProposal, theme: Theme) -> Theme:
    """Fold the proposal into an existing theme: its key phrases join the theme's
    examples and its example answers are marked as raising the theme."""
    theme_update(
        actor=actor,
        theme=theme,
        name=theme.name,
        description=theme.description,
        examples=[*theme.examples, *proposal.key_phrases],
        parent=theme.parent,
        is_active=theme.is_active,
    )
    corrections_add_theme(actor=actor, theme=theme, responses=_examples(proposal))
    _decide(proposal, actor, ProposalStatus.MERGED, theme)
    log_action("theme.proposal_merged", actor=actor, obj=proposal, data={"theme": theme.key})
    return theme


@transaction.atomic
def proposal_dismiss(*, actor: Employee | None, proposal: ThemeProposal) -> ThemeProposal:
    _decide(proposal, actor, ProposalStatus.DISMISSED, None)
    log_action(
        "theme.proposal_dismissed", actor=actor, obj=proposal, data={"label": proposal.label}
    )
    return proposal
