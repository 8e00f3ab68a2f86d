"""
The admin of the coverage, a module per noun: stories, photos, quotes, tags,
and the people in them (with their staff accounts).

Importing the package registers them all (Django's admin autodiscovery imports
``articles.admin``); the role rules every screen applies are ``roles``, the
story workflow's buttons and pages ``workflow``.
"""

from . import live, people, photos, quotes, stories, tags  # noqa: F401
