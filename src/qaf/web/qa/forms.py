"""The QA records' forms. Each checks what a person can get wrong; the views save through trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from qaf.web.accounts.models import Team
from qaf.web.forms import DateField
from qaf.web.qa.models import (
    CASE_TYPE_CHOICES,
    MEETING_TYPE_CHOICES,
    NOT_APPLICABLE,
    TONE_CHOICES,
    CaseAudit,
    FeedbackForm,
    FeedbackTheme,
    Meeting,
    ReviewForm,
    ScoreLevel,
)

YES, NO = "yes", "no"
# "Not answered" and "Not tagged" are choices a person makes, so each has a value of its own: a
# radio whose value is "" would be shown chosen whenever nothing is (Django matches None to "").
UNANSWERED, UNTAGGED = "unanswered", "untagged"
YES_NO = ((YES, "Yes"), (NO, "No"))
# The largest comment kept: a paper form's box holds far less, and a page of text is enough.
COMMENT_MAX = 4000
# No family or review counts more changes than this; a bigger number is a typing slip.
MOST_WORKER_CHANGES = 20


def _tri_state(value: str) -> bool | None:
    return {YES: True, NO: False}.get(value)


def tri_state_field(label: str, blank_label: str) -> forms.TypedChoiceField:
    """Yes, no, or not answered / not recorded (stored as None)."""
    return forms.TypedChoiceField(
        label=label,
        choices=(*YES_NO, (UNANSWERED, blank_label)),
        coerce=_tri_state,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _tri_initial(value: bool | None) -> str:
    return UNANSWERED if value is None else (YES if value else NO)


def _not_future(value: dt.date | None) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError("The date must be today or in the past")
    return value


def _radio_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    """A model field's choices as radios, without the blank "---------" a select would show."""
    form.fields[name].choices = choices  # type: ignore[attr-defined]


def themes_field() -> forms.ModelMultipleChoiceField:
    """The active themes a comment can be tagged with, as checkboxes."""
    return forms.ModelMultipleChoiceField(
        queryset=FeedbackTheme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Themes of the comment",
    )


def team_choice(form: forms.BaseForm) -> None:
    """The team select's empty choice in words, not Django's "---------"."""
    team = form.fields["team"]
    team.empty_label = "Choose a team" if team.required else "Not recorded"  # type: ignore[attr-defined]


def _tone_choices(form: forms.ModelForm[Any]) -> None:
    _radio_choices(form, "tone", (*TONE_CHOICES, (UNTAGGED, "Not tagged")))
    form.fields["tone"].required = False
    if form.instance.pk is not None and not form.instance.tone:
        form.initial["tone"] = UNTAGGED


def _clean_tone(form: forms.ModelForm[Any]) -> str:
    tone: str = form.cleaned_data.get("tone") or ""
    return "" if tone == UNTAGGED else tone


def _no_preselection(form: forms.ModelForm[Any], names: Any) -> None:
    """A new record's radios start with none chosen (GOV.UK: never pre-select), even where "not
    answered" is a choice; a saved record's show what it holds."""
    if form.instance.pk is None:
        for name in names:
            form.initial[name] = None


def score_choices() -> list[tuple[str, str]]:
    """1 to 5, each with its descriptor (ScoreLevel), then not applicable."""
    levels = {level.score: level.descriptor for level in ScoreLevel.objects.all()}
    choices = [(str(n), f"{n}: {levels.get(n, '')}".rstrip(": ")) for n in range(1, 6)]
    return [*choices, (NOT_APPLICABLE, "Not applicable")]


class CaseAuditForm(forms.ModelForm):
    """An audit's details and a score on each active standard (and on any it was scored on)."""

    audit_date = DateField(label="Date of audit")

    class Meta:
        model = CaseAudit
        fields = ("case_type", "child_id", "team", "worker_id", "audit_date")
        labels = {"case_type": "Case type", "team": "Team"}
        widgets = {"case_type": forms.RadioSelect}

    def __init__(self, *args: Any, standards: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _radio_choices(self, "case_type", CASE_TYPE_CHOICES)
        self.fields["case_type"].error_messages["required"] = "Choose the case type"
        team_choice(self)
        self.standards = standards
        current = {}
        if self.instance.pk:
            current = {s.standard_id: s.score for s in self.instance.scores.all()}
        choices = score_choices()
        for standard in standards:
            self.fields[self.score_name(standard)] = forms.ChoiceField(
                label=str(standard),
                choices=choices,
                widget=forms.RadioSelect,
                initial=current.get(standard.pk),
                error_messages={"required": f"Choose a score for standard {standard.code}"},
            )

    @staticmethod
    def score_name(standard: Any) -> str:
        return f"score_{standard.pk}"

    def clean_audit_date(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("audit_date"))

    def scores(self) -> dict[Any, str]:
        """Standard -> the score chosen (after is_valid)."""
        return {s: self.cleaned_data[self.score_name(s)] for s in self.standards}


class FeedbackLinkForm(forms.Form):
    """What staff keep beside a family's link; none of it is shown to the family."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Team")
    case_ref = forms.CharField(
        label="Case reference", max_length=64, help_text="Kept by staff only; never shown"
    )
    worker_id = forms.CharField(label="Social worker id", max_length=64, required=False)
    children = forms.IntegerField(
        label="Children the family's case covers", min_value=1, max_value=30, required=False
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        team_choice(self)


# The seed's four questions (section 3.1), put to the family in their own words.
QUESTIONS = (
    ("q1", "Did you feel you were kept informed and your views acknowledged?"),
    ("q2", "Did you feel you were supported by the social worker?"),
    ("q3", "Did the social worker treat you with respect and courtesy?"),
    ("q4", "Were you in agreement with the outcome?"),
)


class FamilyFeedbackForm(forms.Form):
    """The public form: four yes / no questions (each may be left unanswered) and a comment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question in QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=YES_NO,
                coerce=_tri_state,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["comment"] = forms.CharField(
            label="Is there anything else you would like to tell us?",
            widget=forms.Textarea(attrs={"rows": 5}),
            max_length=COMMENT_MAX,
            required=False,
        )


class PaperFeedbackForm(forms.ModelForm):
    """A paper form typed in by staff, or any form's tone and themes tagged."""

    received_date = DateField(label="Date received")
    themes = themes_field()

    class Meta:
        model = FeedbackForm
        fields = ("received_date", "team", "worker_id", "children", "comment", "tone", "themes")
        labels = {"tone": "Tone of the comment", "children": "Children the form covers"}
        widgets = {"tone": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keep answers in the order the family saw them, after the date, team and worker.
        for name, question in QUESTIONS:
            self.fields[name] = tri_state_field(question, "Not answered")
            self.initial[name] = _tri_initial(getattr(self.instance, name))
        self.fields["comment"].max_length = COMMENT_MAX  # type: ignore[attr-defined]
        _tone_choices(self)
        _no_preselection(self, [*(q for q, _ in QUESTIONS), "tone"])
        team_choice(self)
        order = ["received_date", "team", "worker_id", "children", *(q for q, _ in QUESTIONS)]
        self.order_fields([*order, "comment", "tone", "themes"])

    def clean_tone(self) -> str:
        return _clean_tone(self)

    def clean_received_date(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("received_date"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("tone") or data.get("themes")) and not (data.get("comment") or "").strip():
            self.add_error("tone", "Tag the tone and themes of a comment; this form has none")
        return data

    def apply_answers(self) -> None:
        for name, _question in QUESTIONS:
            setattr(self.instance, name, self.cleaned_data.get(name))


class FeedbackTagForm(forms.ModelForm):
    """Tone and themes of a comment a family wrote online (their answers are theirs to give)."""

    themes = themes_field()

    class Meta:
        model = FeedbackForm
        fields = ("tone", "themes")
        labels = {"tone": "Tone of the comment"}
        widgets = {"tone": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tone_choices(self)

    def clean_tone(self) -> str:
        return _clean_tone(self)


class MeetingForm(forms.ModelForm):
    meeting_date = DateField(label="Date of meeting")

    class Meta:
        model = Meeting
        fields = (
            "meeting_type",
            "meeting_date",
            "child_id",
            "team",
            "health_invited",
            "health_attended",
            "other_invited",
            "other_attended",
        )
        labels = {
            "meeting_type": "Meeting type",
            "health_invited": "Health professionals invited",
            "health_attended": "Health professionals who attended",
            "other_invited": "Other professionals invited",
            "other_attended": "Other professionals who attended",
        }
        widgets = {"meeting_type": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _radio_choices(self, "meeting_type", MEETING_TYPE_CHOICES)
        self.fields["meeting_type"].error_messages["required"] = "Choose the meeting type"
        team_choice(self)

    def clean_meeting_date(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("meeting_date"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for group, words in (("health", "health"), ("other", "other")):
            invited, attended = data.get(f"{group}_invited"), data.get(f"{group}_attended")
            if invited is not None and attended is not None and attended > invited:
                self.add_error(
                    f"{group}_attended",
                    f"More {words} professionals attended ({attended}) than were invited "
                    f"({invited})",
                )
        return data


class ReviewFormForm(forms.ModelForm):
    review_date = DateField(label="Date of review")
    sw_changes = forms.IntegerField(
        label="Changes of social worker since the last review",
        min_value=0,
        max_value=MOST_WORKER_CHANGES,
        required=False,
        help_text="Leave empty if the form does not say",
    )

    class Meta:
        model = ReviewForm
        fields = ("review_date", "child_id", "team", "sw_changes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_on_time"] = tri_state_field(
            "Was the social worker's report shared on time?", "Not recorded"
        )
        self.initial["report_on_time"] = _tri_initial(self.instance.report_on_time)
        _no_preselection(self, ["report_on_time"])
        team_choice(self)
        self.order_fields(["review_date", "child_id", "team", "report_on_time", "sw_changes"])

    def clean_review_date(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("review_date"))

    def save(self, commit: bool = True) -> ReviewForm:
        self.instance.report_on_time = self.cleaned_data.get("report_on_time")
        return super().save(commit=commit)


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV or Excel file", help_text="Columns as the export writes them")
