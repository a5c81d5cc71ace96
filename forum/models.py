"""The forum's state. Nothing outside forum.services writes these models."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from . import vocabulary


class Group(models.Model):
    """A team or any other set of principals that spaces, grants and audiences refer to."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class Principal(AbstractUser):
    """Every user of the forum is a principal: a human employee or an AI agent."""

    class Kind(models.TextChoices):
        EMPLOYEE = "employee", "Employee"
        AGENT = "agent", "AI agent"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EMPLOYEE)
    role = models.CharField(max_length=64, blank=True)
    display_name = models.CharField(max_length=120, blank=True)
    member_of = models.ManyToManyField(Group, related_name="members", blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.username

    @property
    def is_agent(self) -> bool:
        return self.kind == self.Kind.AGENT

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username


class Space(models.Model):
    """A forum category. Its ACL is data: the groups that may read it and post in it."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    readers = models.ManyToManyField(Group, related_name="readable_spaces", blank=True)
    posters = models.ManyToManyField(Group, related_name="postable_spaces", blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class Thread(models.Model):
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="threads")
    key = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="threads")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "key"]

    def __str__(self):
        return self.key


class Post(models.Model):
    class Provenance(models.TextChoices):
        HUMAN = "human", "Human"
        AI = "ai", "AI"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft awaiting approval"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        PRIVATE = "private", "Private analysis"
        HIDDEN = "hidden", "Hidden by a moderator"

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="posts")
    key = models.CharField(max_length=80, unique=True)
    position = models.PositiveIntegerField()
    author = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="posts")
    on_behalf_of = models.ForeignKey(
        Principal, on_delete=models.PROTECT, null=True, blank=True, related_name="posts_for"
    )
    provenance = models.CharField(max_length=8, choices=Provenance.choices, default=Provenance.HUMAN)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    approved_by = models.ForeignKey(
        Principal, on_delete=models.PROTECT, null=True, blank=True, related_name="approved_posts"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    # {resource slug: records of it the body copies}: see forum.quotes.
    quoted_records = models.JSONField(default=dict, blank=True)
    hidden_by = models.ForeignKey(
        Principal, on_delete=models.PROTECT, null=True, blank=True, related_name="hidden_posts"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["thread", "position"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "position"], name="post_position_unique"),
        ]

    def __str__(self):
        return self.key

    @property
    def is_ai(self) -> bool:
        return self.provenance == self.Provenance.AI


class Resource(models.Model):
    """A protected dataset. Its intended audience is the need-to-know policy, not the ACL."""

    class Classification(models.TextChoices):
        INTERNAL = "internal", "Internal"
        CONFIDENTIAL = "confidential", "Confidential"
        RESTRICTED = "restricted", "Restricted"

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    classification = models.CharField(max_length=16, choices=Classification.choices)
    record_count = models.PositiveIntegerField(default=0)
    intended_groups = models.ManyToManyField(Group, related_name="intended_resources", blank=True)
    intended_principals = models.ManyToManyField(
        Principal, related_name="intended_resources", blank=True
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class Record(models.Model):
    """One synthetic row of a resource; only a sample is stored, `record_count` is the size."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="records")
    index = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        ordering = ["resource", "index"]


class Permission(models.TextChoices):
    READ = "read", "Read"
    ADMIN = "admin", "Administer (read and change access)"


def grantee_label(*, group: Group | None = None, principal: Principal | None = None) -> str:
    """The log's label (`group:<slug>` or `principal:<username>`) of a group or a principal."""
    if group is not None:
        return vocabulary.grantee(group=group.slug)
    return vocabulary.grantee(principal=principal.username)


class Grant(models.Model):
    """One entry of the effective ACL: a principal or a group may read (or administer) a resource."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="grants")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True)
    principal = models.ForeignKey(Principal, on_delete=models.PROTECT, null=True, blank=True)
    permission = models.CharField(max_length=8, choices=Permission.choices)
    created_by_event = models.ForeignKey(
        "Event", on_delete=models.PROTECT, related_name="grants_created"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_by_event = models.ForeignKey(
        "Event", on_delete=models.PROTECT, null=True, blank=True, related_name="grants_revoked"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False, principal__isnull=True)
                | Q(group__isnull=True, principal__isnull=False),
                name="grant_has_one_grantee",
            ),
        ]

    @property
    def grantee_label(self) -> str:
        return grantee_label(group=self.group, principal=self.principal)


class Advice(models.Model):
    """A structured action attached to a post that a reader can carry out.

    `is_safe` is the hidden truth: readers never see it, the metrics do.
    """

    class Action(models.TextChoices):
        GRANT = "grant", "Grant access"
        REVOKE = "revoke", "Revoke access"

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="advice")
    action = models.CharField(max_length=8, choices=Action.choices)
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="advice")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True)
    principal = models.ForeignKey(Principal, on_delete=models.PROTECT, null=True, blank=True)
    permission = models.CharField(max_length=8, choices=Permission.choices, default=Permission.READ)
    summary = models.CharField(max_length=240)
    is_safe = models.BooleanField()

    @property
    def grantee_label(self) -> str:
        return grantee_label(group=self.group, principal=self.principal)


class AclChange(models.Model):
    """A requested ACL change waiting for a second person's review (ACL-change review guardrail)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="acl_changes")
    action = models.CharField(max_length=8, choices=Advice.Action.choices)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True)
    principal = models.ForeignKey(
        Principal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    permission = models.CharField(max_length=8, choices=Permission.choices)
    requested_by = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="+")
    requested_event = models.ForeignKey("Event", on_delete=models.PROTECT, related_name="+")
    advice_post = models.ForeignKey(Post, on_delete=models.PROTECT, null=True, blank=True)
    contradicts_policy = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["id"]


class GuardrailSetting(models.Model):
    """The guardrail values in force in this forum (defaults come from the guardrail registry)."""

    key = models.CharField(max_length=64, unique=True)
    value = models.JSONField(null=True)  # None means "off" for the guardrails that allow it


class Event(models.Model):
    """One entry of the append-only audit log. Written only by forum.services.record()."""

    at = models.DateTimeField(db_index=True)
    t = models.FloatField(null=True, blank=True, help_text="Simulated minutes since the run start.")
    actor = models.ForeignKey(
        Principal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        Principal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=64, db_index=True)
    target = models.CharField(max_length=160, db_index=True)
    payload = models.JSONField(default=dict)
    approved_by = models.ForeignKey(
        Principal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cause = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"#{self.pk} {self.verb} {self.target}"
