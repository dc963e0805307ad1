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
