from django import template

register = template.Library()

_WIDGET_CLASS = {"select": "krds-form-select", "selectmultiple": "krds-form-select", "nullbooleanselect": "krds-form-select",
                 "checkbox": "", "radioselect": "", "checkboxselectmultiple": "",
                 "clearablefile": "krds-input", "file": "krds-input"}


@register.simple_tag
def krds_widget(field):
    """Render a bound field's widget with KRDS classes and ARIA links to its hint and errors."""
    attrs = {}
    css = _WIDGET_CLASS.get(field.widget_type, "krds-input")
    if css:
        attrs["class"] = css
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
