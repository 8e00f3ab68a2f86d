"""
The story form's media carry the request's CSP nonce: django-prose-editor's
import map is an inline script, which the Content-Security-Policy runs only
with it (see ``CONTENT_SECURITY_POLICY``).
"""

from js_asset import Media


class NonceMediaMixin:
    """For a ModelAdmin: its add and change pages render media with the nonce."""

    def render_change_form(self, request, context, *args, **kwargs):
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None and context.get("media") is not None:
            context["media"] = Media.from_media(context["media"], nonce=nonce)
        return super().render_change_form(request, context, *args, **kwargs)
