"""What a tabletop session or a training attempt keeps: its inputs, never its state.

The engine is deterministic, so a session is stored as the scenario, settings, seed, who
holds which role, the decisions taken and the events injected; its current state is
recomputed by replaying the engine (exercises.replay). It survives a restart for free.
"""

from django.conf import settings
from django.db import models


class TabletopSession(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="facilitated_sessions")
    # People invited to watch: the room view and the report, no decisions.
    observers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                       related_name="observed_sessions")
    title = models.CharField(max_length=200, blank=True)
    scenario = models.CharField(max_length=100)
    scenario_digest = models.CharField(max_length=16)
    # The scenario's text as it was when the session started: replays stay the same even
    # if the library file is edited later.
    scenario_text = models.TextField()
    settings = models.JSONField(default=dict)
    seed = models.PositiveBigIntegerField(default=1)  # up to limits.MAX_SEED
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    # The minute the facilitator holds the clock at: the replay runs up to it (or to a
    # person's decision before it) and waits. Null: it runs on to each next decision.
    held_at = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title or f"{self.scenario} #{self.pk}"


class RoleAssignment(models.Model):
    """A person holds a scenario actor's role: they take that actor's decisions."""

    session = models.ForeignKey(TabletopSession, on_delete=models.CASCADE,
                                related_name="assignments")
    actor_id = models.CharField(max_length=64)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="tabletop_roles")

    class Meta:
        ordering = ["actor_id"]
        constraints = [models.UniqueConstraint(fields=["session", "actor_id"],
                                               name="one_person_per_role")]


class Decision(models.Model):
    """A person's answer at a decision point. Unique per point: a double submit or a second
    tab cannot decide the same point twice."""

    session = models.ForeignKey(TabletopSession, on_delete=models.CASCADE,
                                related_name="decisions")
    point_id = models.CharField(max_length=80)
    actor_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=32)
    choice = models.CharField(max_length=32)
    at_minutes = models.FloatField()
    rationale = models.CharField(max_length=200, blank=True)  # one line, in their words
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="tabletop_decisions")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at_minutes", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "point_id"],
                                               name="one_decision_per_point")]


class Injection(models.Model):
    """An event the facilitator adds to the timeline: a scenario timeline entry (as JSON,
    checked by the scenario format's own types each time it is replayed) at a minute."""

    session = models.ForeignKey(TabletopSession, on_delete=models.CASCADE,
                                related_name="injections")
    at_minutes = models.FloatField()
    kind = models.CharField(max_length=24)  # the entry's `do`
    entry = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="tabletop_injections")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at_minutes", "pk"]

    @property
    def words(self) -> str:
        from .injects import describe

        return describe(self.entry)


class FacilitatorNote(models.Model):
    """What the facilitator noted during the session, at the simulated minute it was noted."""

    session = models.ForeignKey(TabletopSession, on_delete=models.CASCADE,
                                related_name="notes")
    at_minutes = models.FloatField()
    text = models.CharField(max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="tabletop_notes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at_minutes", "pk"]


class TrainingAttempt(models.Model):
    """One trainee's answer to one exercise, its score, and what each option led to."""

    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="training_attempts")
    exercise = models.CharField(max_length=64)
    choice = models.CharField(max_length=32)
    # The "check it first" facts the trainee opened before deciding, in the order opened.
    looked_at = models.JSONField(default=list, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)  # to decide, wall clock
    score = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=32)
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Cohort(models.Model):
    """A trainer's group of trainees: the trainer follows their attempts, nobody else."""

    name = models.CharField(max_length=120)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="cohorts_trained")
    trainees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cohorts",
                                      blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
