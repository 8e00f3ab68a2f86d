"""
``{% fragment %}`` and ``{% shows %}``: see ``pagecache.fragments``.

    {% load fragment_tags %}
    {% fragment "card" article featured heading %}…{% endfragment %}
    {% shows tags people %}

``fragment`` takes a name, the object the fragment belongs to, and any values
the markup varies on. ``shows`` records what else the surrounding fragment or
page shows (stories, people, tags, bylines, quotes), evaluated only when it
renders.
"""

from django import template
from django.utils.translation import get_language

from pagecache import keys as deps
from pagecache.fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, obj, vary):
        self.nodelist = nodelist
        self.name = name
        self.obj = obj
        self.vary = vary

    def render(self, context):
        name = self.name.resolve(context)
        obj = self.obj.resolve(context)
        # The same story's card reads differently on an English and a Khmer
        # page: the interface language is part of every fragment's key.
        vary = [get_language(), *(value.resolve(context) for value in self.vary)]
        return cached_fragment(name, obj, vary, lambda: self.nodelist.render(context))


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a name and an object: {{% fragment 'card' article %}}"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name, obj, *vary = (parser.compile_filter(bit) for bit in bits[1:])
    return FragmentNode(nodelist, name, obj, vary)


@register.simple_tag
def shows(*objects):
    """Record that the fragment or page being rendered shows ``objects``."""
    deps.shows(*objects)
    return ""
