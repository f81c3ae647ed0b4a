"""GOV.UK form rendering: `{{ form }}` gives GOV.UK inputs, radios, selects, date inputs and errors.

Fields render through templates/govuk/field.html (the `govuk_field` tag prepares its context), so a
page never pastes form markup. `DateField` asks for a day, month and year as GOV.UK date inputs do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field_group.html"


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes (GOV.UK date input); the value reaches the field as YYYY-MM-DD."""

    PARTS = ("day", "month", "year")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        day, month, year = (data.get(f"{name}_{i}", "").strip() for i in range(3))
        if not (day or month or year):
            return None
        return f"{year}-{month}-{day}"


class DateField(forms.DateField):
    """A date asked for as day, month and year."""

    widget = GovukDateInput
    default_error_messages = {
        "invalid": "Enter a real date, for example 27 3 2016",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            if not (year.isdigit() and month.isdigit() and day.isdigit()):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        result: dt.date | None = super().to_python(value)
        return result
