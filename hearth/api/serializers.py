"""What the API returns and accepts. Only the fields integrations need (data minimisation):
no case notes, documents or addresses."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from hearth.front_door.rules import (
    CONSENT_NEEDS_REASON,
    ConsentReason,
    ConsentStatus,
    FamilyAware,
    referral_source_choices,
)


class ChildSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    la_child_id = serializers.CharField(allow_null=True)
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    known_as = serializers.CharField(allow_blank=True)
    date_of_birth = serializers.DateField(allow_null=True)
    expected_date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.CharField()


class AllocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    team = serializers.CharField(source="team.name")
    worker = serializers.SerializerMethodField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    current = serializers.SerializerMethodField()

    def get_worker(self, obj: Any) -> str | None:
        worker = obj.worker
        if worker is None:
            return None
        return worker.get_full_name() or worker.username

    def get_current(self, obj: Any) -> bool:
        today = self.context.get("today") or timezone.localdate()
        return bool(obj.start_date <= today and (obj.end_date is None or obj.end_date > today))


class ChildDetailSerializer(ChildSerializer):
    ethnicity = serializers.CharField(allow_blank=True)
    nhs_number = serializers.CharField(allow_blank=True)
    upn = serializers.CharField(allow_blank=True)
    date_of_death = serializers.DateField(allow_null=True)
    current_allocation = AllocationSerializer(allow_null=True)


class DueItemSerializer(serializers.Serializer):
    child_id = serializers.IntegerField()
    rule = serializers.CharField(source="rule.id")
    rule_title = serializers.CharField(source="rule.title")
    subject = serializers.CharField()
    due = serializers.DateField()
    status = serializers.SerializerMethodField()
    clock_start = serializers.DateField()
    clock_event = serializers.CharField()
    explanation = serializers.CharField()

    def get_status(self, obj: Any) -> str:
        return str(obj.status(self.context["today"]))


class ReferralSerializer(serializers.Serializer):
    """A partner referral into the front door: the questions of the partner portal's form."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    received_at = serializers.DateTimeField(read_only=True)
    status = serializers.CharField(read_only=True)
    referrer_name = serializers.CharField(max_length=200)
    referrer_role = serializers.CharField(max_length=200)
    referrer_phone = serializers.CharField(max_length=40)
    referral_source = serializers.ChoiceField(choices=[])
    child_first_name = serializers.CharField(max_length=100)
    child_last_name = serializers.CharField(max_length=100)
    child_date_of_birth = serializers.DateField()
    concern = serializers.CharField()
    family_aware = serializers.ChoiceField(choices=FamilyAware.choices)
    family_knows = serializers.CharField(required=False, allow_blank=True, default="")
    consent_status = serializers.ChoiceField(
        choices=[c for c in ConsentStatus.choices if c[0] != ConsentStatus.PENDING]
    )
    consent_reason = serializers.ChoiceField(
        choices=ConsentReason.choices, required=False, allow_blank=True, default=""
    )
    consent_rationale = serializers.CharField(required=False, allow_blank=True, default="")
    urgent = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The child is at immediate risk of significant harm",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_source"].choices = referral_source_choices()

    def validate_child_date_of_birth(self, value: date) -> date:
        if value > timezone.localdate():
            raise serializers.ValidationError(
                "The child's date of birth must be today or in the past"
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("referrer_name", "referrer_role", "referrer_phone", "concern"):
            if not str(attrs.get(name, "")).strip():
                raise serializers.ValidationError({name: "This field may not be blank."})
        status = attrs.get("consent_status")
        if status in CONSENT_NEEDS_REASON:
            verb = "dispensed with" if status == ConsentStatus.DISPENSED else "not sought"
            errors = {}
            if not attrs.get("consent_reason"):
                errors["consent_reason"] = f"Select why consent was {verb}"
            if not (attrs.get("consent_rationale") or "").strip():
                errors["consent_rationale"] = f"Explain why consent was {verb}"
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class ReferralStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    status = serializers.CharField()
    outcome = serializers.CharField()
