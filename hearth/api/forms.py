from __future__ import annotations

from typing import Any

from django import forms

from hearth.accounts.models import Role, User
from hearth.api.models import TokenKind
from hearth.api.services import INTEGRATION_ROLES


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=200,
        help_text="For example, 'Police referral gateway' or 'Performance dashboard feed'",
        error_messages={"required": "Enter what the token is for"},
    )
    kind = forms.ChoiceField(
        label="Who does the token act as?",
        choices=TokenKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the token acts as"},
    )
    username = forms.CharField(
        label="Username of the person",
        required=False,
        max_length=150,
        help_text="For a person's token: the token sees exactly what this person sees",
    )
    integration = forms.CharField(
        label="Integration's name",
        required=False,
        max_length=100,
        help_text="For an integration: an account with this name is made if there is none",
    )
    role = forms.ChoiceField(
        label="Integration's role",
        required=False,
        choices=[("", "")] + [(r.value, r.label) for r in INTEGRATION_ROLES],
        help_text="A partner referrer sends referrals; a performance analyst reads the borough",
    )
    can_write = forms.BooleanField(
        label="The token may send partner referrals to the front door", required=False
    )
    expires_in_days = forms.IntegerField(
        label="Expires after (days)",
        required=False,
        min_value=1,
        max_value=730,
        help_text="Leave empty for a token that lasts until it is revoked",
        error_messages={
            "min_value": "Expiry must be at least 1 day",
            "max_value": "Expiry must be at most 730 days",
            "invalid": "Enter the number of days as a whole number",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == TokenKind.USER:
            username = (data.get("username") or "").strip()
            owner = User.objects.filter(username=username, is_active=True).first()
            if not username:
                self.add_error("username", "Enter the username of the person")
            elif owner is None:
                self.add_error("username", "There is no active user with that username")
            else:
                data["owner"] = owner
        elif kind == TokenKind.INTEGRATION:
            if not (data.get("integration") or "").strip():
                self.add_error("integration", "Enter the integration's name")
            if not data.get("role"):
                self.add_error("role", "Select the integration's role")
        role = data.get("role")
        writes_as_other = role and role != Role.PARTNER_REFERRER
        if data.get("can_write") and kind == TokenKind.INTEGRATION and writes_as_other:
            self.add_error("can_write", "Only a partner referrer's token may send referrals")
        return data
