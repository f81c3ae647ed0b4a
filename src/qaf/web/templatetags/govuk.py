"""GOV.UK Frontend components as template tags: form fields, the error summary, tables, tags."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()

# Django widget types (BoundField.widget_type) and the GOV.UK class each input takes.
INPUT_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "nullbooleanselect": "govuk-select",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
}
CHOICE_KINDS = {"radioselect": "radios", "checkboxselectmultiple": "checkboxes"}
DATE_PART_LABELS = ("Day", "Month", "Year")


def error_texts(field: BoundField) -> list[str]:
    """The field's errors, with Django's "This field is required." said as GOV.UK says it:
    what to do, naming the field ("Enter username", "Choose role")."""
    required = str(forms.Field.default_error_messages["required"])
    verb = "Choose" if field.widget_type in (*CHOICE_KINDS, "select", "checkbox") else "Enter"
    label = str(field.label or field.name)
    return [
        f"{verb} {label[:1].lower()}{label[1:]}" if str(e) == required else str(e)
        for e in field.errors
    ]


def field_context(field: BoundField) -> dict[str, Any]:
    """What templates/govuk/field.html needs to draw one field."""
    kind = field.widget_type
    field_id = field.auto_id or f"id_{field.html_name}"
    errors = error_texts(field)
    hint = str(field.help_text) if field.help_text else ""
    described = " ".join(
        x for x in (f"{field_id}-hint" if hint else "", f"{field_id}-error" if errors else "") if x
    )
    ctx: dict[str, Any] = {
        "field": field,
        "id": field_id,
        "label": field.label,
        "optional": not field.field.required and kind not in ("checkbox", "hidden"),
        "hint": hint,
        "errors": errors,
        "described_by": described,
        "kind": "input",
    }
    if kind == "hidden":
        ctx["kind"] = "hidden"
    elif kind in CHOICE_KINDS:
        ctx["kind"] = CHOICE_KINDS[kind]
        ctx["items"] = [
            {
                "id": sw.id_for_label,
                "value": sw.data["value"],
                "label": sw.data["label"],
                "checked": bool(sw.data["selected"]),
            }
            for sw in field.subwidgets
        ]
    elif kind == "checkbox":
        ctx["kind"] = "checkbox"
        ctx["checked"] = bool(field.value())
    elif kind == "govukdate":
        ctx["kind"] = "date"
        values = _date_boxes(field.value())
        ctx["parts"] = [
            {
                "id": f"{field_id}_{i}",
                "name": f"{field.html_name}_{i}",
                "label": DATE_PART_LABELS[i],
                "value": "" if values[i] is None else values[i],
                "width": 4 if i == 2 else 2,
            }
            for i in range(3)
        ]
    if ctx["kind"] in ("input", "hidden"):
        css = INPUT_CLASSES.get(kind, "govuk-input")
        if errors:
            css += f" {css}--error"
        attrs: dict[str, str | bool] = {
            "class": f"{css} {field.field.widget.attrs.get('class', '')}".strip()
        }
        if described:
            attrs["aria-describedby"] = described
        ctx["widget"] = field.as_widget(attrs=attrs if kind != "hidden" else None)
    return ctx


def _date_boxes(value: Any) -> list[Any]:
    """A date, or 'YYYY-M-D' as typed (perhaps not a real date), as day, month and year boxes."""
    if isinstance(value, str):
        bits = value.split("-")
        return [bits[2], bits[1], bits[0]] if len(bits) == 3 else ["", "", ""]
    if value is None:
        return ["", "", ""]
    return [value.day, value.month, value.year]


@register.inclusion_tag("govuk/field.html")
def govuk_field(field: BoundField) -> dict[str, Any]:
    """One form field as its GOV.UK component, with label, hint and error message."""
    return field_context(field)


def first_input_id(field: BoundField) -> str:
    ctx = field_context(field)
    if ctx["kind"] == "date":
        return str(ctx["parts"][0]["id"])
    if ctx["kind"] in ("radios", "checkboxes") and ctx["items"]:
        return str(ctx["items"][0]["id"])
    return str(ctx["id"])


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    """The error summary a GOV.UK page shows above its form: each error links to its field."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        items += [{"text": str(e), "href": ""} for e in form.non_field_errors()]
        for field in form:
            href = f"#{first_input_id(field)}"
            items += [{"text": text, "href": href} for text in error_texts(field)]
    return {"items": items}


@register.inclusion_tag("components/table.html")
def govuk_table(
    rows: list[list[Any]], head: list[str], caption: str = "", numeric: str = ""
) -> dict[str, Any]:
    """A GOV.UK table; `numeric` names the columns (0-based, comma separated) to right-align."""
    right = {int(i) for i in numeric.split(",") if i.strip()}
    return {"rows": rows, "head": head, "caption": caption, "numeric": right}


@register.filter
def attrs_html(attrs: dict[str, Any]) -> SafeString:
    """A dict of HTML attributes as escaped `name="value"` pairs."""
    return format_html_join(" ", '{}="{}"', ((k, v) for k, v in attrs.items()))
