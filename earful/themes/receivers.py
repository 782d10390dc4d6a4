"""Every batch of answers is read by the text engine as it is followed up."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from earful.surveys.models import Response
from earful.surveys.signals import responses_recorded
from earful.themes.analysis import analyses_store

logger = logging.getLogger(__name__)


@receiver(responses_recorded, dispatch_uid="themes.analyse_batch")
def analyse_batch(sender: Any, *, responses: list[Response], **kwargs: Any) -> None:
    """One engine call for the whole batch; a rerun stores the same results. A failure
    here must not hold up the rest of the follow-up (cases, notifications): it is
    logged, and the periodic sweep analyses what was missed."""
    try:
        with transaction.atomic():  # a savepoint: the batch's transaction stays usable
            analyses_store(responses=responses)
    except Exception:
        logger.exception("Analysing %d answers failed; the sweep will retry", len(responses))
