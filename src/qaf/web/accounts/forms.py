"""Forms for signing in, changing a password and an administrator's user management."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from qaf.web.accounts.models import Role, Team, User


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is not active",
    }


class ChangePasswordForm(PasswordChangeForm):
    pass


class UserForm(forms.ModelForm):
    """Create or edit an account: its role, its teams (for a manager), active or not."""

    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False,
        help_text="At least 12 characters, not a common password. Leave empty to keep it.",
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the account's role"},
    )
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A team manager sees only these teams' records.",
    )

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "teams", "is_active")
        labels = {"is_active": "Account is active (can sign in)"}
        help_texts = {
            "username": "Letters, digits and @ . + - _ only.",
            "is_active": "Untick to stop someone signing in; their records and history stay.",
        }

    field_order = ("username", "first_name", "last_name", "email", "password", "role", "teams")

    def __init__(self, *args: Any, acting: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acting = acting
        if self.instance.pk is None:
            # No role pre-selected (GOV.UK radios), though the model defaults to analyst.
            self.initial["role"] = None
            self.fields["password"].required = True
            self.fields["password"].help_text = "At least 12 characters, not a common password."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.acting is not None and self.instance.pk == self.acting.pk:
            # The last administrator must not lock everyone out of account management.
            if data.get("role") != Role.ADMIN:
                self.add_error("role", "You cannot take the administrator role from yourself")
            if not data.get("is_active"):
                self.add_error("is_active", "You cannot deactivate your own account")
        if data.get("role") == Role.MANAGER and not data.get("teams"):
            self.add_error("teams", "Choose at least one team for a team manager")
        password = data.get("password")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
            self.save_m2m()
        return user


class AccessLogFilter(forms.Form):
    """Narrow the access log to one person or one kind of page."""

    username = forms.CharField(required=False, label="Who (username)")
    url_name = forms.CharField(
        required=False, label="Page", help_text="All or part of its name, for example qa:audit"
    )
