"""
Dates and times as a page in the active language writes them.

English pages keep Django's formats ("December 4, 2026"); pages in another
language take CLDR's through Babel (Khmer: "4 ធ្នូ 2026"), never tables of
month names kept here. CLDR gives Khmer Western digits; with
``NEWSROOM_KHMER_DIGITS`` on, Khmer pages write ១២៣ instead.
"""

import unicodedata

from babel.dates import format_date, format_datetime, get_timezone_location
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

# Each ASCII digit to the Khmer digit of the same value (U+17E0…U+17E9), read
# from the Unicode database.
KHMER_DIGITS = str.maketrans(
    {str(unicodedata.digit(chr(c))): chr(c) for c in range(0x17E0, 0x17EA)}
)


def babel_locale():
    """The active language as a Babel locale, or None where Django's formats apply."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] == "en":
        return None
    return translation.to_locale(language)


def with_digits(text, locale):
    if locale == "km" and settings.NEWSROOM_KHMER_DIGITS:
        return text.translate(KHMER_DIGITS)
    return text


def day(value):
    """A date (or a datetime, in the newsroom's zone): “December 4, 2026”."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    locale = babel_locale()
    if locale is None:
        return date_format(value, "F j, Y")
    return with_digits(format_date(value, "d MMMM y", locale=locale), locale)


def zone_name():
    """The newsroom time zone as readers say it: “Phnom Penh time”, “UTC”."""
    name = timezone.get_current_timezone_name()
    if "/" not in name:
        return name
    locale = babel_locale()
    if locale is None:
        city = name.rsplit("/", 1)[-1].replace("_", " ")
    else:
        city = get_timezone_location(name, locale=locale, return_city=True)
    return gettext("%(city)s time") % {"city": city}


def local_time(value, with_date=True):
    """A time in the newsroom's zone with the zone's name, e.g. for a dateline."""
    if not value:
        return ""
    local = timezone.localtime(value)
    locale = babel_locale()
    if locale is None:
        shown = date_format(local, "F j, Y, H:i") if with_date else f"{local:%H:%M}"
    else:
        pattern = "d MMMM y, HH:mm" if with_date else "HH:mm"
        shown = with_digits(format_datetime(local, pattern, locale=locale), locale)
    return f"{shown} {zone_name()}"
