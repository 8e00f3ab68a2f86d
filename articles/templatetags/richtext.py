from django import template
from django.utils.safestring import mark_safe

from articles.sanitize import sanitize_html

register = template.Library()


@register.filter(is_safe=True)
def richtext(value):
    """Story HTML, cleaned against the allow-list every time it is rendered."""
    # Safe to mark: nh3 has just reduced the markup to the allow-list.
    return mark_safe(sanitize_html(value))
