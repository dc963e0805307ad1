"""Allocations, case notes, documents and the chronology."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from hearth.casework.querysets import AllocationQuerySet, CaseNoteQuerySet, ChronologyQuerySet
from hearth.core.models import TimeStampedModel


class Allocation(TimeStampedModel):
    """Who holds a child's case: a team, and usually a named worker. History, never edited
    in place: a new allocation ends the previous one."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    # Blank for allocations made by an import or a system job.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["worker", "end_date"]),
            models.Index(fields=["team", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="allocation_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        who = self.worker or "unallocated worker"
        return f"{self.child} to {who} ({self.team})"


class CaseNoteType(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    STATUTORY_VISIT = "statutory_visit", "Statutory visit"
    OFFICE_VISIT = "office_visit", "Office visit"
    PHONE_CALL = "phone_call", "Phone call"
    EMAIL = "email", "Email or letter"
    MEETING = "meeting", "Meeting"
    SCHOOL_VISIT = "school_visit", "School or nursery visit"
    MANAGEMENT = "management", "Management note"
    OTHER = "other", "Other"


VISIT_TYPES = frozenset(
    {CaseNoteType.HOME_VISIT, CaseNoteType.STATUTORY_VISIT, CaseNoteType.SCHOOL_VISIT}
)


class CaseNoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class CaseNote(TimeStampedModel):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="case_notes")
    # Blank only while a draft: a final note must say what kind of contact it records.
    note_type = models.CharField(max_length=30, choices=CaseNoteType.choices, blank=True)
    contact_date = models.DateField(null=True, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    who_was_seen = models.CharField(max_length=300, blank=True)
    child_seen = models.BooleanField(default=False)
    child_seen_alone = models.BooleanField(default=False)
    significant = models.BooleanField("Significant event", default=False)
    status = models.CharField(
        max_length=10, choices=CaseNoteStatus.choices, default=CaseNoteStatus.DRAFT
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: a save must name the version it edited.
    version = models.PositiveIntegerField(default=1)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-contact_date", "-id"]
        indexes = [
            models.Index(fields=["child", "status", "contact_date"]),
            models.Index(fields=["author", "status"]),  # "my drafts" on every worktray
        ]

    def __str__(self) -> str:
        return f"{self.get_note_type_display() or 'Case note'} on {self.contact_date}"

    @property
    def is_final(self) -> bool:
        return self.status == CaseNoteStatus.FINAL

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.child_seen_alone and not self.child_seen:
            errors["child_seen_alone"] = "A child seen alone must also be recorded as seen"
        if self.contact_date is not None and self.contact_date > timezone.localdate():
            errors["contact_date"] = "Date of contact must be today or in the past"
        if self.status == CaseNoteStatus.FINAL:
            if not self.note_type:
                errors["note_type"] = "Select the type of case note"
            if self.contact_date is None:
                errors["contact_date"] = "Enter the date of contact"
            if not self.body.strip():
                errors["body"] = "Enter the case note"
        if errors:
            raise ValidationError(errors)


class DocumentType(models.TextChoices):
    REPORT = "report", "Report"
    LETTER = "letter", "Letter"
    COURT = "court", "Court papers"
    ASSESSMENT = "assessment", "Assessment"
    PLAN = "plan", "Plan"
    CONSENT = "consent", "Consent form"
    OTHER = "other", "Other"


def document_path(instance: "Document", filename: str) -> str:
    # The stored name never uses the uploaded name, which may carry personal data.
    return f"children/{instance.child_id}/{timezone.now():%Y%m%d%H%M%S%f}.bin"


class Document(TimeStampedModel):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(max_length=20, choices=DocumentType.choices)
    title = models.CharField(max_length=200)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ChronologyEntry(models.Model):
    """One line of a child's story. Written by the service that records the event; `source`
    names the record it came from (e.g. casework.casenote:42)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="chronology")
    occurred_on = models.DateField(db_index=True)
    category = models.CharField(max_length=50)
    summary = models.CharField(max_length=500)
    significant = models.BooleanField(default=False)
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ChronologyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["child", "occurred_on"])]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.summary}"
