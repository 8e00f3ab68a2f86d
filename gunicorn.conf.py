"""gunicorn settings, read from the working directory by `gunicorn newsroom.wsgi`."""

# Import the site once in the master and fork ready workers: the first request
# is answered as soon as the port is bound, and workers share memory.
preload_app = True
