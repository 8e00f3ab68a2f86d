"""
The site's admin: Django's, with one rule added for every changelist.

A changelist filter taken from the query string can be out of range for Python
or the database: ``?published_at__year=99999999999`` overflows ``datetime``
(``date_hierarchy``), ``?published_at__year=9999`` has no following year, and
``?id__gt=`` with twenty digits overflows SQLite's integers. Django answers the
filters it recognises as wrong with its “invalid lookup” notice (``?e=1``); these
escaped as a 500. ``NewsroomAdminSite`` gives them the same notice on every
changelist, whichever app registered it.
"""

import logging

from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.db import DataError
from django.http import HttpResponseRedirect

logger = logging.getLogger(__name__)

# What an out-of-range filter value raises while the changelist builds its query
# and counts its rows.
OUT_OF_RANGE = (OverflowError, ValueError, DataError)


class NewsroomAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        if getattr(view, "__name__", "") == "changelist_view":
            view = out_of_range_filters_refused(view)
        return super().admin_view(view, cacheable)


def out_of_range_filters_refused(view):
    def changelist_view(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OUT_OF_RANGE as error:
            params = set(request.GET) - {ERROR_FLAG}
            if request.method != "GET" or not params:
                raise
            logger.info("Changelist filter out of range: %s (%s)", request.GET, error)
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

    changelist_view.__name__ = view.__name__
    changelist_view.__wrapped__ = view
    return changelist_view
