"""The task queue: slow side effects of a save, off the editor's request."""

import os

# Apps the queue's backend needs, added to INSTALLED_APPS by the package.
TASK_APPS = []

# Tasks ------------------------------------------------------------------------
# Slow side effects of a save (CDN purges) run as tasks, off the editor's
# request (django-tasks, the backport of Django 6's tasks framework). The
# embedded default queues them in the site's database; `./dev serve` runs its
# worker (`manage.py db_worker`) beside gunicorn. A newsroom on several nodes
# sets NEWSROOM_TASKS_REDIS_URL and runs
# `manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job` (RQ on
# Redis; the scheduler runs retries that wait) wherever workers should run.
# Under pytest tasks run at once.
NEWSROOM_TASKS_REDIS_URL = os.environ.get("NEWSROOM_TASKS_REDIS_URL", "")
if "PYTEST_VERSION" in os.environ and not NEWSROOM_TASKS_REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif NEWSROOM_TASKS_REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.backend.RQBackend"}}
    TASK_APPS = ["django_rq", "django_tasks_rq"]
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
# Read by django-rq, and by imagekit whenever django-rq is installed (it makes
# an RQ job at import, connecting to nothing until one is queued).
RQ_QUEUES = {"default": {"URL": NEWSROOM_TASKS_REDIS_URL or "redis://127.0.0.1:6379/0"}}
