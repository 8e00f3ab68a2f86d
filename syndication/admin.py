"""
Partners for the desk's editors: each with its API keys and endpoints inline,
and the log of what was pushed, with "Send again".

A new key or endpoint secret is shown once, on the page that follows the save,
and never again: keys are stored hashed, and secrets are kept out of every
form. Reporters have no permission here (``0002_editors_manage_partners``).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article

from . import push
from .models import Delivery, Endpoint, Event, Partner, PartnerKey


class PartnerForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=Article.Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Partner._meta.get_field("languages").help_text,
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "contact_name",
            "contact_email",
            "is_active",
            "languages",
            "tags",
            "receives_embargoed",
        ]


class PartnerKeyForm(forms.ModelForm):
    revoke = forms.BooleanField(label=_("revoke"), required=False)

    class Meta:
        model = PartnerKey
        fields = ["name"]


class PartnerKeyInline(admin.TabularInline):
    model = PartnerKey
    form = PartnerKeyForm
    extra = 0
    fields = ["name", "prefix", "created_at", "last_used_at", "revoked_at", "revoke"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    can_delete = False


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=Event.choices,
        initial=Event.values,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Endpoint
        fields = ["url", "is_active", "events"]


class EndpointInline(admin.StackedInline):
    model = Endpoint
    form = EndpointForm
    extra = 0
    fields = ["url", "is_active", "events", "created_at", "delivery_log"]
    readonly_fields = ["created_at", "delivery_log"]

    @admin.display(description=_("deliveries"))
    def delivery_log(self, endpoint):
        if endpoint.pk is None:
            return "—"
        url = reverse("admin:syndication_delivery_changelist")
        return format_html(
            '<a href="{}?{}">{}</a>',
            url,
            urlencode({"endpoint__id__exact": endpoint.pk}),
            _("Delivery log"),
        )


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    form = PartnerForm
    inlines = [PartnerKeyInline, EndpointInline]
    list_display = [
        "name",
        "is_active",
        "receives_embargoed",
        "language_list",
        "contact_email",
        "created_at",
    ]
    list_filter = ["is_active", "receives_embargoed"]
    search_fields = ["name", "contact_name", "contact_email"]
    autocomplete_fields = ["tags"]
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["name", "contact_name", "contact_email", "is_active"]}),
        (_("Scope"), {"fields": ["languages", "tags", "receives_embargoed"]}),
    ]

    @admin.display(description=_("languages"))
    def language_list(self, partner):
        names = dict(Article.Language.choices)
        return ", ".join(str(names.get(code, code)) for code in partner.languages) or _(
            "All"
        )

    def save_formset(self, request, form, formset, change):
        shown = request.__dict__.setdefault("syndication_shown_once", [])
        instances = formset.save(commit=False)
        for inline_form in formset.forms:
            obj = inline_form.instance
            if (
                isinstance(obj, PartnerKey)
                and inline_form.cleaned_data.get("revoke")
                and obj.revoked_at is None
            ):
                obj.revoked_at = timezone.now()
                if obj not in instances:
                    instances.append(obj)
        for obj in instances:
            if obj.pk is None and isinstance(obj, PartnerKey):
                shown.append(
                    (_("API key"), obj.name or str(obj.partner), obj.set_key())
                )
            elif obj.pk is None and isinstance(obj, Endpoint):
                shown.append((_("Signing secret"), obj.url, obj.set_secret()))
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def shown_once(self, request, obj, response):
        shown = request.__dict__.get("syndication_shown_once")
        if not shown or not isinstance(response, HttpResponseRedirect):
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Copy these now"),
            "opts": self.model._meta,
            "partner": obj,
            "shown": shown,
            "next": response.url,
        }
        response = TemplateResponse(
            request, "syndication/partner_shown_once.html", context
        )
        # The page holds a secret: no cache keeps it, and no Back button shows it.
        response["Cache-Control"] = "no-store, private"
        return response

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self.shown_once(request, obj, response)

    def response_change(self, request, obj):
        return self.shown_once(request, obj, super().response_change(request, obj))


class StoryFilter(admin.SimpleListFilter):
    """The deliveries of one story (``?story=<id>``), linked from anywhere."""

    title = _("story")
    parameter_name = "story"

    def lookups(self, request, model_admin):
        value = self.value()
        if not value or not value.isdigit():
            return []
        article = Article.objects.filter(pk=value).only("headline").first()
        return [(value, article.headline if article else value)]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(article_id=value)
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "article",
        "endpoint",
        "partner",
        "event",
        "status",
        "attempts",
        "response_code",
        "last_attempt_at",
    ]
    list_filter = [
        StoryFilter,
        "status",
        "event",
        ("endpoint__partner", admin.RelatedOnlyFieldListFilter),
        ("endpoint", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["article__headline", "endpoint__url", "endpoint__partner__name"]
    list_select_related = ["article", "endpoint__partner"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    change_form_template = "syndication/delivery_change_form.html"
    fields = [
        "delivery_id",
        "article",
        "endpoint",
        "event",
        "status",
        "attempts",
        "response_code",
        "error",
        "created_at",
        "last_attempt_at",
        "delivered_at",
        "body",
    ]
    readonly_fields = fields

    @admin.display(description=_("partner"), ordering="endpoint__partner__name")
    def partner(self, delivery):
        return delivery.endpoint.partner

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/send-again/",
                self.admin_site.admin_view(self.send_again_view),
                name="syndication_delivery_send_again",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = 0
        for delivery in queryset:
            push.send_again(delivery)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.",
                "%(count)d deliveries queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def send_again_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        delivery = get_object_or_404(Delivery, pk=pk)
        push.send_again(delivery)
        self.message_user(request, _("The delivery is queued again."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:syndication_delivery_change", args=[delivery.pk])
        )
