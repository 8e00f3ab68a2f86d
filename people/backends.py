from axes.backends import AxesStandaloneBackend


class SignInThrottleBackend(AxesStandaloneBackend):
    """
    django-axes' lockout check, for sign-ins that come from a request.

    Axes refuses ``authenticate()`` calls without a request. Those come only from
    code (the test client's ``login()``, a shell), never from a sign-in form, so
    there is no client to throttle: they go on to the model backend unchecked.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )
