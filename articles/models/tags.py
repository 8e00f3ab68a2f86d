"""Tags: taggit's tag with the site's rules, and the links of stories and photos."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit import models as taggit_models
from taggit.managers import _TaggableManager
from taggit.models import TaggedItemBase

from common.slugs import slugify
from common.text import CleanTextMixin, clean_text


class Tag(CleanTextMixin, taggit_models.Tag):
    """
    taggit's tag, with the site's rules: names cleaned like every text field,
    slugs in any script (``common.slugs``). A proxy: same table, same rows;
    taggit creates tags through the through-models' ``tag`` foreign keys, which
    point here, so ``TagBase.save`` calls this ``slugify``.
    """

    class Meta:
        proxy = True
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        max_length = type(self)._meta.get_field("slug").max_length
        if i is None:
            return slugify(tag, max_length=max_length)
        suffix = f"-{i + 1}"
        return slugify(tag, max_length=max_length - len(suffix)) + suffix


class CleanTagsManager(_TaggableManager):
    """
    ``article.tags.add("…")`` and the admin's tag field: names are cleaned (as
    every text field) before taggit looks them up, so a pasted control character
    or decomposed accent finds the existing tag instead of making a twin.
    """

    def _to_tag_model_instances(self, tags, tag_kwargs):
        tags = [self._as_tag(t) for t in tags]
        tags = [t for t in tags if t != ""]
        return super()._to_tag_model_instances(tags, tag_kwargs)

    @staticmethod
    def _as_tag(tag):
        """A name, cleaned; or taggit's ``Tag`` as the proxy (same row)."""
        if isinstance(tag, str):
            return clean_text(tag).strip()
        if isinstance(tag, taggit_models.Tag) and not isinstance(tag, Tag):
            proxy = Tag(pk=tag.pk, name=tag.name, slug=tag.slug)
            proxy._state.adding, proxy._state.db = False, tag._state.db
            return proxy
        return tag


def tag_foreign_key():
    return models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_items",
    )


class TaggedArticle(TaggedItemBase):
    tag = tag_foreign_key()
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, verbose_name=_("content object")
    )

    class Meta:
        verbose_name_plural = _("story tags")
        verbose_name = _("story tag")
        # A tag's stories, newest added first, straight from the index: tag
        # pages and related coverage (articles/related.py) read it that way.
        indexes = [
            models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_article_tag"
            )
        ]


class TaggedPhoto(TaggedItemBase):
    tag = tag_foreign_key()
    content_object = models.ForeignKey(
        "Photo", on_delete=models.CASCADE, verbose_name=_("content object")
    )

    class Meta:
        verbose_name_plural = _("photo tags")
        verbose_name = _("photo tag")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_photo_tag"
            )
        ]
