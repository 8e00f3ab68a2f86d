from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    name = "pagecache"
    label = "pagecache"
    verbose_name = "Page cache"
