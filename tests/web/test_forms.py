"""`{{ form }}` renders GOV.UK components: inputs, radios, checkboxes, selects, textareas, date
inputs, each with its hint and error message, and the error summary links to each field."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.template import Context, Template

from qaf.web.forms import DateField


class Everything(forms.Form):
    name = forms.CharField(help_text="As on the case record")
    count = forms.IntegerField(required=False)
    kind = forms.ChoiceField(choices=[("cin", "CIN"), ("cp", "CP"), ("cic", "CIC")])
    tone = forms.ChoiceField(
        choices=[("pos", "Positive"), ("neg", "Negative")], widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        choices=[("a", "Listening"), ("b", "Timeliness")], widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(widget=forms.Textarea, required=False)
    agreed = forms.BooleanField(required=False, label="Shared with the family")
    held_on = DateField(label="Date of the meeting")


def render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_a_blank_form_renders_each_govuk_component():
    html = render("{{ form }}", form=Everything())
    assert 'class="govuk-input" ' in html or 'class="govuk-input"' in html
    assert '<div id="id_name-hint" class="govuk-hint">As on the case record</div>' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert "Count (optional)" in html
    assert 'class="govuk-select"' in html
    assert 'class="govuk-radios govuk-radios--inline"' in html
    assert 'class="govuk-radios__input" id="id_tone_0" name="tone" type="radio" value="pos"' in html
    assert 'class="govuk-checkboxes"' in html and 'id="id_themes_1"' in html
    assert 'class="govuk-textarea"' in html
    assert 'class="govuk-date-input"' in html
    for part, label in (("0", "Day"), ("1", "Month"), ("2", "Year")):
        assert f'for="id_held_on_{part}">{label}</label>' in html
    assert "govuk-error-message" not in html


def test_errors_show_on_each_field_and_in_the_summary():
    form = Everything(
        {
            "name": "",
            "kind": "cp",
            "tone": "pos",
            "held_on_0": "31",
            "held_on_1": "2",
            "held_on_2": "2016",
        }
    )
    assert not form.is_valid()
    html = render("{% govuk_error_summary form %}{{ form }}", form=form)
    assert "There is a problem" in html
    assert '<a href="#id_name">Enter name</a>' in html
    assert '<a href="#id_held_on_0">Enter a real date, for example 27 3 2016</a>' in html
    assert '<a href="#id_themes_0">Choose themes</a>' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'id="id_name-error" class="govuk-error-message"' in html
    # What the user typed stays in the date boxes, so they can correct it.
    assert 'name="held_on_0" type="text" inputmode="numeric" value="31"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html


def test_a_date_from_three_boxes():
    data = {"name": "x", "kind": "cp", "tone": "neg", "themes": ["a"]}
    good = Everything({**data, "held_on_0": "7", "held_on_1": "9", "held_on_2": "2016"})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["held_on"] == dt.date(2016, 9, 7)
    for day, month, year in (("x", "9", "2016"), ("31", "9", "2016"), ("", "9", "2016")):
        bad = Everything({**data, "held_on_0": day, "held_on_1": month, "held_on_2": year})
        assert not bad.is_valid() and "held_on" in bad.errors


def test_a_saved_date_fills_the_boxes():
    html = render("{{ form }}", form=Everything(initial={"held_on": dt.date(2016, 9, 30)}))
    assert 'name="held_on_0" type="text" inputmode="numeric" value="30"' in html
    assert 'name="held_on_2" type="text" inputmode="numeric" value="2016"' in html
