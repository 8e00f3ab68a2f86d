"""
The newsroom's roles on every admin screen.

``RoleVersionAdmin`` asks one rule of ``articles.rules`` for each object
(``object_rule``) and applies it to the change, delete and bulk-delete screens,
and to history: reverting and recovering are for editors only, restore only a
version of the admin's own model and object, and (unless the admin says
otherwise) restore only that object, never the whole revision, so a quote's
history cannot move its story's status.
"""

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from reversion.admin import VersionAdmin
from reversion.models import Version

from .. import rules


class RoleVersionAdmin(VersionAdmin):
    """
    Per-object roles for change, delete and the delete_selected action; history
    for everyone who may view, revert and recover for editors only.
    """

    #: ``rule(user, obj, action)`` from ``articles.rules``; None: model
    #: permissions alone decide.
    object_rule = None

    #: Whether reverting restores the whole revision (the story with its
    #: bylines, quotes and notes) rather than the object alone.
    revert_whole_revision = False

    def may(self, request, obj, action):
        rule = type(self).object_rule
        return rule is None or rule(request.user, obj, action)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return self.may(request, obj, "change")

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return self.may(request, obj, "delete")

    def get_deleted_objects(self, objs, request):
        """Bulk deletion refuses the whole batch when one object is not the user's."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for obj in objs:
            if not self.has_delete_permission(request, obj):
                perms_needed.add(str(obj._meta.verbose_name))
        return deleted, counts, perms_needed, protected

    def delete_queryset(self, request, queryset):
        # The confirmation page checked already; a forged POST meets this.
        if any(not self.has_delete_permission(request, obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def _own_version(self, version_id, object_id=None):
        versions = Version.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            db=self.model.objects.db,
        )
        if object_id is not None:
            versions = versions.filter(object_id=str(object_id))
        version = versions.filter(pk=version_id).first()
        if version is None:
            raise Http404("No such version of this object.")
        return version

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not rules.can_restore(request.user):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        self._own_version(version_id, object_id=obj.pk)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not rules.can_restore(request.user):
            raise PermissionDenied
        version = self._own_version(version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404("This object has not been deleted.")
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if not rules.can_restore(request.user):
            # reversion's list offers "Recover deleted …" on this flag alone.
            extra_context = {**(extra_context or {}), "has_change_permission": False}
        return super().changelist_view(request, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not rules.can_restore(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        if not self.revert_whole_revision:
            # reversion reverts ``version.revision``; let it revert this
            # object's own version and nothing that the revision followed.
            version.revision.revert = lambda delete=False: version.revert()
        return super()._reversion_revisionform_view(
            request, version, template_name, extra_context
        )
