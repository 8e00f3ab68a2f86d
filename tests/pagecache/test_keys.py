"""pagecache.keys: what objects stand for, without knowing any model."""

from pagecache import keys


class Story:
    def __init__(self, pk):
        self.pk = pk

    def cache_keys(self):
        return [f"s{self.pk}"]


class Foreign:
    """Another library's object, which cannot say its keys itself."""

    def __init__(self, pk):
        self.pk = pk


def test_an_object_says_its_own_keys():
    """An object with ``cache_keys()`` stands for what it returns."""
    assert keys.keys_for(Story(3)) == ["s3"]


def test_registered_classes_and_their_subclasses_have_keys(monkeypatch):
    """``register()`` covers a class and whatever derives from it."""
    monkeypatch.setattr(keys, "_registry", {})

    class Proxy(Foreign):
        pass

    keys.register(Foreign, lambda obj: [f"f{obj.pk}"])
    assert keys.keys_for(Foreign(1)) == ["f1"]
    assert keys.keys_for(Proxy(2)) == ["f2"]


def test_lists_hold_keys_but_strings_inside_them_are_content():
    """A key given directly counts; text inside a list never does."""
    assert keys.keys_for("front") == ["front"]
    assert keys.keys_for([Story(1), "Minister of Health", None, Story(2)]) == [
        "s1",
        "s2",
    ]


def test_shows_records_into_the_innermost_recording_and_upwards():
    """A fragment's keys are the page's keys too."""
    with keys.recording() as page:
        keys.shows("front")
        with keys.recording() as fragment:
            keys.shows(Story(7))
    assert fragment.keys == {"s7"}
    assert page.keys == {"front", "s7"}


def test_shows_outside_a_recording_does_nothing():
    """Staff pages and the admin record nothing."""
    keys.shows(Story(1))
    assert keys.current_recorder() is None
