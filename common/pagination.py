"""
Pagination without counting, for the long lists of stories (front page archive,
tag pages).

Django's ``Paginator`` runs ``COUNT(*)`` over the whole list on every page to
know how many pages there are; on a tag carried by tens of thousands of stories
that count costs more than the rest of the page. Readers of a news archive page
through it with “Newer/Older” links, which only need to know whether another
page follows: ``NewerOlderPaginator`` fetches one story more than a page holds
to find out, and never counts. Its ``count`` and ``num_pages`` are ``None``.

Without a count, a page number past the end is only found out by asking the
database; one whose offset overflows the database's integers
(``?page=9223372036854775807``) is refused first, as a page past the end (404).
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

# Largest row offset asked of the database: far past any archive, well inside
# the signed 64-bit integers SQLite and PostgreSQL take for OFFSET.
MAX_OFFSET = 2**31


class NewerOlderPaginator(Paginator):
    count = None
    num_pages = None

    def validate_number(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if (number - 1) * self.per_page > MAX_OFFSET:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        has_next = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage(self.error_messages["no_results"])
        return NewerOlderPage(rows, number, self, has_next)


class NewerOlderPage(Page):
    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def start_index(self):
        if not self.object_list:
            return 0
        return self.paginator.per_page * (self.number - 1) + 1

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0
