"""The default cache backend: DiskCache's, kept open between requests."""

from diskcache import DjangoCache


class DiskCache(DjangoCache):
    """
    ``diskcache.DjangoCache`` whose SQLite connections outlive a request.

    Django closes every cache when a request finishes; DiskCache then drops
    its connections, and the next request reopens one per shard and runs a
    dozen PRAGMAs on each, which cost more than the reads themselves (0.6 ms
    of a 1.1 ms cache hit). The connections belong to the worker's thread and
    are safe to keep.
    """

    def close(self, **kwargs):
        pass
