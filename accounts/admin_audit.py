"""The audit trail in the admin: every recorded change (pghistory's events of every audited table) and every
security event (logins, failures, lockouts, resets). An admin instansi reads their instansi's, a superadmin all;
nobody changes or deletes a line. Filters: by pegawai (what they did, and what was done to them), by object, by
date, by kind."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import JejakAudit, SecurityEvent, User
from accounts.permissions import is_any_admin


class ReadOnlyTrailAdmin(admin.ModelAdmin):
    """A trail is read, never written: no add, change or delete, for anyone."""

    list_display_links = None

    def has_module_permission(self, request):
        return is_any_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_any_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PegawaiFilter(admin.SimpleListFilter):
    """?pegawai=<id>: what this pegawai did (the acting user of the change) and what was done to their record.
    Reached from the pegawai's change page; an id outside the admin's scope filters to nothing."""

    title = "pegawai"
    parameter_name = "pegawai"

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return []
        user = User.objects.visible_to(request.user).filter(pk=value).first() if value.isdigit() else None
        # Always one choice when a value was asked for: a filter with no choice would not be applied at all.
        return [(value, user.nama_lengkap if user is not None else "(tidak ditemukan)")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit() or not User.objects.visible_to(request.user).filter(pk=value).exists():
            return queryset.none()
        return queryset.filter(Q(pgh_context__user=int(value)) | Q(pgh_obj_model="accounts.User", pgh_obj_id=value))


class ObjekFilter(admin.SimpleListFilter):
    """?objek=<app.Model>:<id>: every change of one row."""

    title = "objek"
    parameter_name = "objek"

    def lookups(self, request, model_admin):
        return [(self.value(), self.value())] if self.value() else []

    def queryset(self, request, queryset):
        model, _, pk = (self.value() or "").partition(":")
        return queryset.filter(pgh_obj_model=model, pgh_obj_id=pk) if model and pk else queryset


class TabelFilter(admin.SimpleListFilter):
    title = "tabel"
    parameter_name = "tabel"

    def lookups(self, request, model_admin):
        from pghistory import core

        tracked = sorted({m.pgh_tracked_model._meta.label for m in core.event_models() if m.pgh_tracked_model})
        return [(label, label) for label in tracked]

    def queryset(self, request, queryset):
        return queryset.filter(pgh_obj_model=self.value()) if self.value() else queryset


class ActorsChangeList(ChangeList):
    """Names the acting users of a page of events with one query, however many rows the page has."""

    def get_results(self, request):
        super().get_results(request)
        ids = {(event.pgh_context or {}).get("user") for event in self.result_list} - {None}
        names = dict(User.objects.filter(pk__in=ids).values_list("pk", "nama"))
        for event in self.result_list:
            context = event.pgh_context or {}
            who = names.get(context.get("user"))
            event.oleh = who or context.get("command") or context.get("source") or "sistem"


@admin.register(JejakAudit)
class JejakAuditAdmin(ReadOnlyTrailAdmin):
    list_display = ["waktu", "tabel", "objek", "aksi", "oleh_display", "alamat", "perubahan"]
    list_filter = [PegawaiFilter, ObjekFilter, TabelFilter, "pgh_label"]
    date_hierarchy = "pgh_created_at"
    ordering = ["-pgh_created_at"]
    list_per_page = 50
    show_full_result_count = False  # a count over every event table on each page is the slow part

    def get_queryset(self, request):
        queryset = JejakAudit.objects.all()
        if request.user.is_superuser:
            return queryset
        # Every audited table of an instansi's data carries instansi_id; the admin sees exactly those rows.
        return queryset.filter(pgh_data__instansi_id=request.user.instansi_id)

    def get_changelist(self, request, **kwargs):
        return ActorsChangeList

    @admin.display(description="waktu", ordering="pgh_created_at")
    def waktu(self, obj):
        return obj.pgh_created_at

    @admin.display(description="tabel")
    def tabel(self, obj):
        return obj.pgh_obj_model

    @admin.display(description="id")
    def objek(self, obj):
        return obj.pgh_obj_id

    @admin.display(description="aksi")
    def aksi(self, obj):
        return {"insert": "dibuat", "update": "diubah", "delete": "dihapus"}.get(obj.pgh_label, obj.pgh_label)

    @admin.display(description="oleh")
    def oleh_display(self, obj):
        return getattr(obj, "oleh", "")

    @admin.display(description="halaman")
    def alamat(self, obj):
        return (obj.pgh_context or {}).get("url", "")

    @admin.display(description="perubahan (lama → baru)")
    def perubahan(self, obj):
        diff = obj.pgh_diff or {}
        hidden = {"password", "last_login", "version", "updated_at"}
        return "; ".join(f"{key}: {old!r} → {new!r}" for key, (old, new) in sorted(diff.items()) if key not in hidden)


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyTrailAdmin):
    list_display = ["created_at", "jenis", "user", "account", "address", "path"]
    list_filter = ["jenis"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    search_fields = ["user__nama"]
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(instansi_id=request.user.instansi_id)

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "user__id__exact" or super().lookup_allowed(lookup, value, request)


def jejak_links(user) -> str:
    """Links from a pegawai's change page to their part of both trails."""
    return format_html(
        '<a href="{}?pegawai={}">Jejak audit</a> · <a href="{}?user__id__exact={}">Kejadian keamanan</a>',
        reverse("admin:accounts_jejakaudit_changelist"),
        user.pk,
        reverse("admin:accounts_securityevent_changelist"),
        user.pk,
    )
