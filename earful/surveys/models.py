"""Survey programs, the invitations they send, and the answers customers give."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from earful.directory.choices import Language
from earful.directory.models import Customer, Employee, Unit
from earful.surveys.choices import (
    EventOutcome,
    InvitationStatus,
    ProgramKind,
    ResponseChannel,
    SkipReason,
)


class Program(models.Model):
    """What to ask, whom, how often. A relationship program samples customers
    continuously against a monthly quota; a touchpoint program answers events."""

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=ProgramKind.choices, default=ProgramKind.RELATIONSHIP
    )
    is_active = models.BooleanField(default=True)
    default_language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    # Optional items beyond the recommend and reason questions: "csat", "ces", and
    # "servqual:<dimension>" pairs.
    extra_questions = models.JSONField(default=list, blank=True)
    # Per-language wording overrides: {"fi": {"recommend": "…", "reason": "…"}}.
    wording = models.JSONField(default=dict, blank=True)
    monthly_quota = models.PositiveIntegerField(default=1000)
    daily_cap = models.PositiveIntegerField(default=200)
    max_invitations = models.PositiveIntegerField(default=2)
    window_days = models.PositiveIntegerField(default=365)
    quiet_days = models.PositiveIntegerField(default=30)
    reminder_after_days = models.PositiveIntegerField(default=4)
    link_valid_days = models.PositiveIntegerField(default=30)
    touchpoint_delay_hours = models.PositiveIntegerField(default=24)
    # A touchpoint program answers events of these types ("inspection_completed", …).
    event_types = models.JSONField(default=list, blank=True)
    # Target precision: every unit's NPS known to ± this many points over the rolling
    # quarter; 0 means a plain quota stratified by unit size.
    target_margin = models.PositiveIntegerField(default=0)
    units = models.ManyToManyField(Unit, blank=True, related_name="programs")
    segments = models.JSONField(default=list, blank=True)
    detractor_threshold = models.PositiveSmallIntegerField(default=6)
    # The follow-up loop (cases app): a detractor's case is due within this many working
    # days; every respondent is thanked unless turned off; promoters may be invited to
    # refer a friend or leave a public review.
    case_sla_days = models.PositiveSmallIntegerField(default=2)
    acknowledge_responses = models.BooleanField(default=True)
    referral_url = models.URLField(max_length=500, blank=True)
    review_url = models.URLField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class DailyDraw(models.Model):
    """One day's draw of a relationship program: its seed, so it can be reproduced, and
    what it decided. Unique per program and day: running the scheduler twice adds nobody."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="draws")
    day = models.DateField()
    seed = models.BigIntegerField()
    quota = models.PositiveIntegerField(default=0)
    picked = models.PositiveIntegerField(default=0)
    eligible = models.PositiveIntegerField(default=0)
    # Per unit: {"<unit id>": {"eligible": n, "share": n, "picked": n, "reason": "…"}}.
    allocation = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "program"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "day"],
                name="draw_one_per_program_day",
                violation_error_message=_("This program has already drawn for this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.day}"


class Invitation(models.Model):
    """One ask of one customer. The row is committed before any email is sent (an
    outbox), so a crashed sender resumes without asking anyone twice."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="invitations")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="invitations")
    # The customer's unit when they were asked: the response rate is counted there, as
    # an answer is counted in the unit it was given in, whatever moves come later.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="invitations")
    draw = models.ForeignKey(
        DailyDraw, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    # The link's secret: 256 random bits (secrets.token_urlsafe(32)). Kept, because the
    # outbox builds the email's links after the row is committed.
    token = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PLANNED
    )
    send_after = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    event_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Contact rules: a customer's invitations by date, across programs.
            models.Index(fields=["customer", "created_at"], name="invitation_customer_idx"),
            # The outbox: planned invitations due to be sent.
            models.Index(fields=["status", "send_after"], name="invitation_outbox_idx"),
            # The response-rate cells: a unit's invitations sent in a month.
            models.Index(fields=["unit", "sent_at"], name="invitation_unit_sent_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "event_key"],
                condition=~models.Q(event_key=""),
                name="invitation_one_per_event",
                violation_error_message=_("This event has already been recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} → {self.customer}"


class Response(models.Model):
    """A customer's answer. Editable for a while after it is given."""

    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="responses")
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="responses")
    # The validator checks the range in Python; the check constraint stands behind it.
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    reason = models.TextField(blank=True)
    extra = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    may_contact = models.BooleanField(default=False)
    channel = models.CharField(
        max_length=20, choices=ResponseChannel.choices, default=ResponseChannel.EMAIL
    )
    walk_in = models.ForeignKey(
        "WalkInLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    # A walk-in respondent who chose to say who they are (and was matched to no customer).
    respondent_name = models.CharField(max_length=200, blank=True)
    respondent_email = models.EmailField(blank=True)
    submitted_at = models.DateTimeField()
    editable_until = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # Observed response rates and score spreads per unit (target precision).
            models.Index(fields=["unit", "submitted_at"], name="response_unit_time_idx"),
            # Drill-down: the newest answers first across a large subtree.
            models.Index(fields=["submitted_at", "id"], name="response_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=10),
                name="response_score_0_to_10",
                violation_error_message=_("The score is from 0 to 10."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} from {self.customer or 'walk-in'}"

    @property
    def nps_group(self) -> str:
        if self.score >= 9:
            return "promoter"
        return "passive" if self.score >= 7 else "detractor"


class Followup(models.Model):
    """A response whose follow-up (routing, cases, acknowledgement, kudos, rollups) has not
    run yet: written in the answer's own transaction, deleted in the transaction that
    runs it. A worker takes a few hundred at a time, so the follow-up of a burst of
    answers costs a few queries per batch instead of dozens per answer."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    created = models.BooleanField()  # newly given (True) or changed within its hours
    queued_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(default=timezone.now)  # pushed out by a claim's lease
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["due_at"], name="followup_due_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "created"],
                name="followup_once_per_response_and_kind",
                violation_error_message=_("This follow-up is already queued."),
            ),
        ]

    def __str__(self) -> str:
        return f"follow-up of {self.response_id} ({'new' if self.created else 'changed'})"


class Skip(models.Model):
    """Why a customer was not asked on a day: the answer to "why was X not asked?"."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="skips")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="skips")
    day = models.DateField()
    reason = models.CharField(max_length=20, choices=SkipReason.choices)

    class Meta:
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "customer", "day"],
                name="skip_one_per_customer_day",
                violation_error_message=_("This skip is already recorded."),
            ),
        ]
        indexes = [
            # "Why was X not asked?": a customer's skips, newest first.
            models.Index(fields=["customer", "day"], name="skip_customer_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} skipped {self.day}: {self.reason}"


class WalkInLink(models.Model):
    """A unit's public survey link (and its printed QR code): anyone at the counter can
    answer, anonymously or saying who they are."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="walk_in_links")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="walk_in_links")
    # 256 random bits, like an invitation's: public, but not guessable or enumerable.
    token = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "unit"],
                name="walk_in_one_per_program_unit",
                violation_error_message=_("This unit already has a walk-in link for this program."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} at {self.unit}"


class Event(models.Model):
    """Something that happened to a customer, posted to `/api/v1/events`, and what Earful
    did about it. The idempotency key makes a replayed event a no-op."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    event_type = models.CharField(max_length=100)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField()
    payload = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, choices=EventOutcome.choices)
    # Why no invitation was scheduled: the blocking contact rules, or "no program".
    detail = models.TextField(blank=True)
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["customer", "occurred_at"], name="event_customer_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} for {self.customer} ({self.idempotency_key})"
