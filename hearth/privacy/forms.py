from django import forms


class SubjectSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, LA child ID, NHS number, UPN or date of birth",
        max_length=100,
        error_messages={"required": "Enter a name, identifier or date of birth"},
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label="Why is this record being erased?",
        help_text="For example, the retention review of March 2027. This is kept with the "
        "erasure log and the audit trail.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter the reason for the erasure"},
    )
    confirm = forms.BooleanField(
        label="I have checked that no legal hold, inquiry or open request needs this record",
        error_messages={"required": "Confirm that nothing needs this record any longer"},
    )
