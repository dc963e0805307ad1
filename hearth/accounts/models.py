"""Users, services, teams and roles."""

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    MASH_PRACTITIONER = "mash_practitioner", "MASH practitioner"
    IRO = "iro", "Conference chair / IRO"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    EARLY_HELP_PRACTITIONER = "early_help_practitioner", "Early help practitioner"
    QA_OFFICER = "qa_officer", "QA officer"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    ADMINISTRATOR = "administrator", "Administrator"
    PARTNER_REFERRER = "partner_referrer", "Partner referrer"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"
    # A child in care or care leaver using the young people's portal (hearth.portal); never staff.
    YOUNG_PERSON = "young_person", "Young person (portal)"


# Roles whose work needs sight of every child in the borough (need-to-know, ARCHITECTURE.md).
BOROUGH_WIDE_ROLES = frozenset(
    {
        Role.MASH_PRACTITIONER,
        Role.IRO,
        Role.QA_OFFICER,
        Role.PERFORMANCE_ANALYST,
        Role.SENIOR_LEADER,
    }
)
# Roles that may read the audit trail of a child's record.
AUDIT_READER_ROLES = frozenset({Role.SENIOR_LEADER, Role.ADMINISTRATOR})
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER})


class ServiceKind(models.TextChoices):
    MASH = "mash", "MASH and front door"
    ASSESSMENT = "assessment", "Assessment"
    SAFEGUARDING = "safeguarding", "Safeguarding and family support"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    LEAVING_CARE = "leaving_care", "Leaving care"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    EARLY_HELP = "early_help", "Early help"
    IRO_SERVICE = "iro_service", "IRO and conference service"
    QA = "qa", "Quality assurance"
    PERFORMANCE = "performance", "Performance and business intelligence"
    LEADERSHIP = "leadership", "Senior leadership"


class Service(models.Model):
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=ServiceKind.choices)
    manager = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_services",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    manager = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.SOCIAL_WORKER)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    job_title = models.CharField(max_length=120, blank=True)
    # For partner referrers: the agency they refer from.
    organisation = models.CharField(max_length=200, blank=True)
    qualified_on = models.DateField(null=True, blank=True)
    # Full-time equivalent (0.1 to 1.0): the DfE workforce census counts cases per FTE
    # case-holding social worker, so the average caseload indicator divides by the sum of these.
    fte = models.DecimalField(
        "Full-time equivalent (FTE)",
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[
            MinValueValidator(Decimal("0.1"), "Enter an FTE of 0.1 or more"),
            MaxValueValidator(Decimal("1.0"), "Enter an FTE of 1.0 or less"),
        ],
    )
    # Raised by "sign out everywhere" (and a two-factor reset): every session signed in before
    # carries the old value in its auth hash, so Django ends it on its next request.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # The OpenID Connect provider's subject (`sub`) for a user who signs in through single
    # sign-on; empty for local accounts.
    sso_subject = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    # The council's own identifier for a member of staff (the SSDA903 SW_ID, an HR or payroll
    # number); unique when set, empty for accounts that have none.
    staff_identifier = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_identifier"],
                condition=~models.Q(staff_identifier=""),
                name="accounts_user_staff_identifier_unique",
            )
        ]

    def _get_session_auth_hash(self, secret: Any = None) -> str:
        if not self.session_epoch:
            # Django's own hash until the first "sign out everywhere", so existing sessions
            # survive the upgrade that added the epoch.
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        return salted_hmac(
            "hearth.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_borough_wide(self) -> bool:
        return self.role in BOROUGH_WIDE_ROLES

    @property
    def can_read_audit(self) -> bool:
        return self.role in AUDIT_READER_ROLES

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES

    def managed_team_ids(self) -> list[int]:
        """Teams this user manages directly or through a service they manage."""
        return list(
            Team.objects.filter(
                models.Q(manager=self) | models.Q(service__manager=self)
            ).values_list("id", flat=True)
        )


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app (a lost phone). Only a hash is
    kept: the codes are shown once, when they are made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Recovery code for {self.user}"
