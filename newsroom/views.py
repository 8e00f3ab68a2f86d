from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """
    The 500 page in the site's design.

    Rendered without context processors or database access, since either may
    be what failed.
    """
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"SITE_NAME": settings.SITE_NAME}))
