"""Portal forms. Young people's questions are in plain English with short hints."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.care_leavers.models import ContactMethod
from hearth.portal.models import Channel, IdeaKind, MeetingKind


def _text(label: str, *, hint: str = "", required: bool = False, rows: int = 4, message: str = ""):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message or f"Enter {label[0].lower()}{label[1:]}"},
    )


# --- Young people ----------------------------------------------------------------------------


class SetUpForm(forms.Form):
    username = forms.CharField(
        label="Choose a username",
        help_text="You will use this to sign in. Letters and numbers only.",
        error_messages={"required": "Choose a username"},
    )
    password = forms.CharField(
        label="Choose a password",
        help_text="At least 8 characters. Do not use your name.",
        widget=forms.PasswordInput,
        error_messages={"required": "Choose a password"},
    )


class SignInForm(forms.Form):
    username = forms.CharField(label="Username", error_messages={"required": "Enter your username"})
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )


class ForgotPasswordForm(forms.Form):
    username = forms.CharField(label="Username", error_messages={"required": "Enter your username"})


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label="Choose a new password",
        help_text="At least 8 characters. Do not use your name.",
        widget=forms.PasswordInput,
        error_messages={"required": "Choose a new password"},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        help_text="We sent you a 6-number code. It works for 10 minutes.",
        max_length=10,
        error_messages={"required": "Enter the code we sent you"},
    )


class MeetingViewsForm(forms.Form):
    meeting = forms.ChoiceField(
        label="Which meeting is it?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which meeting this is for"},
    )
    going_well = _text("What is going well?", hint="For example at home, at school, with friends")
    worries = _text("What worries you?")
    would_like = _text("What would you like to happen?")
    who_to_invite = _text("Who do you want at your meeting?", rows=2)
    private_to_iro = _text(
        "Is there anything you want to say just to your IRO?",
        hint="Only your IRO (the person who runs your meeting) will see this.",
    )

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = meetings


class MessageForm(forms.Form):
    body = _text("Your message", rows=5, required=True, message="Write your message")


class HelpForm(forms.Form):
    what = _text(
        "What do you need help with?",
        rows=5,
        required=True,
        message="Tell us what you need help with",
    )


class IdeaForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is it an idea or a problem?",
        choices=IdeaKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an idea or a problem"},
    )
    text = _text("Tell us about it", rows=5, required=True, message="Tell us your idea or problem")


# --- Staff -----------------------------------------------------------------------------------


class InviteForm(forms.Form):
    channel = forms.ChoiceField(
        label="How should the young person get their link and codes?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the young person will get their codes"},
    )
    send_to = forms.CharField(
        label="Their email address or mobile number",
        help_text="Their own, not a carer's",
        error_messages={"required": "Enter the young person's email address or mobile number"},
    )


class ShareForm(forms.Form):
    item = forms.ChoiceField(
        label="What to share", error_messages={"required": "Select what to share"}
    )
    address_is_safe = forms.BooleanField(
        label="I have checked this address is safe for the young person to see",
        required=False,
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "Select"), *items]

    def kind_and_id(self) -> tuple[str, int]:
        kind, _, object_id = self.cleaned_data["item"].partition(":")
        return kind, int(object_id or 0)


class SuspendForm(forms.Form):
    reason = _text("Why are you suspending the account?", required=True, rows=3)


class ReplyForm(forms.Form):
    body = _text("Your reply", rows=4, required=True, message="Enter your reply")


class HelpResponseForm(forms.Form):
    method = forms.ChoiceField(
        label="How did you respond?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you were in contact"},
    )
    response = _text(
        "What you did or told them", rows=4, required=True, message="Enter what you did"
    )


class AddViewsForm(forms.Form):
    record = forms.ChoiceField(
        label="Which meeting record?", error_messages={"required": "Select the meeting record"}
    )

    def __init__(self, *args: Any, records: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "Select"), *records]


class IdeaResponseForm(forms.Form):
    response = _text(
        "What the service did ('you said, we did')",
        rows=4,
        required=True,
        message="Enter what the service did",
    )


class CouncilMeetingForm(forms.Form):
    meeting = forms.ChoiceField(
        label="Which council meeting?",
        error_messages={"required": "Select the council meeting"},
    )

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", "Select"), *meetings]
