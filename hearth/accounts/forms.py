from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been suspended",
    }

    username = forms.CharField(label="Username", error_messages={"required": "Enter your username"})
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as error:
            # Put the error on the password box so the error summary links to it and the
            # field shows it, as GOV.UK sign-in pages do. Never say which of the two was wrong.
            if error.code in {"invalid_login", "inactive"}:
                self.add_error("password", error)
                return self.cleaned_data
            raise


class SecurityCodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        error_messages={"required": "Enter the security code"},
    )


class SetUpCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        help_text="Enter the 6-digit code your app shows for Hearth",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError("Enter the code as 6 digits, like 123456")
        return code


class FteForm(forms.Form):
    """An administrator sets a worker's full-time equivalent (the caseload indicator divides by
    it where the worker has no staff record in post)."""

    fte = forms.DecimalField(
        label="Full-time equivalent (FTE)",
        help_text="From 0.1 to 1.0, for example 0.6 for 3 days a week",
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.1"),
        max_value=Decimal("1.0"),
        error_messages={
            "required": "Enter the full-time equivalent",
            "invalid": "Enter the full-time equivalent as a number, like 0.6",
            "min_value": "Enter a full-time equivalent of 0.1 or more",
            "max_value": "Enter a full-time equivalent of 1.0 or less",
            "max_digits": "Enter the full-time equivalent to no more than 2 decimal places",
            "max_decimal_places": "Enter the full-time equivalent to no more than 2 decimal places",
            "max_whole_digits": "Enter a full-time equivalent of 1.0 or less",
        },
    )
