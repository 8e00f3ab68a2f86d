"""Build the POST an editor's browser would send from a rendered admin change form."""

from django import forms
from django.forms.widgets import ChoiceWidget


def _field_data(bound_field):
    widget = bound_field.field.widget
    while hasattr(widget, "widget"):  # RelatedFieldWidgetWrapper
        widget = widget.widget
    value = bound_field.value()
    name = bound_field.html_name
    if isinstance(widget, forms.MultiWidget):
        # A bound form gives the submitted parts, an unbound one the value.
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {
            f"{name}_{i}": "" if part is None else str(part)
            for i, part in enumerate(parts)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, ChoiceWidget):
        values = [v for v in widget.format_value(value) if v != ""]
        if widget.allow_multiple_selected:
            return {name: values}
        return {name: values[0] if values else ""}
    if isinstance(widget, forms.FileInput):
        return {}
    formatted = widget.format_value(value)
    return {name: "" if formatted is None else formatted}


def _form_data(form):
    data = {}
    for bound_field in form:
        data.update(_field_data(bound_field))
    return data


def change_form_data(response, **changes):
    """The form of an admin add/change page as POST data, with ``changes`` applied."""
    context = response.context
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    data.update(changes)
    return data
