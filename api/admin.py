"""The admin instansi's API tokens (created, shown once, changed, revoked; never deleted) and the call log, both of
their own instansi only (docs/rules.md §16.1, §16.3)."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.html import format_html

from accounts.admin import InstansiScopedAdmin
from accounts.permissions import is_any_admin
from api import permissions, services
from api.models import ApiCall, ApiToken, Scope
from penilaian.admin import WithInstansiForSuperadmin

DEFAULT_DAYS = 365


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label="Izin",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=Scope.values,
        help_text="Sistem penggajian memerlukan keduanya.",
    )

    class Meta:
        model = ApiToken
        fields = ["nama", "scopes", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("expires_at", timezone.now() + datetime.timedelta(days=DEFAULT_DAYS))
        self.fields["expires_at"].help_text = "Sesudah waktu ini token ditolak (401). Buat token baru sebelum itu."

    def clean_expires_at(self):
        value = self.cleaned_data["expires_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError("Harus di masa depan. Untuk menghentikan token, pakai aksi “Cabut token”.")
        return value


@admin.register(ApiToken)
class ApiTokenAdmin(WithInstansiForSuperadmin, InstansiScopedAdmin):
    """Tambah gives the secret once, in a message; the list tells tokens apart by their prefix and shows their state
    and last call. Cabut (an action) stops a token at once."""

    form = ApiTokenForm
    list_display = ["nama", "awalan", "izin", "status", "expires_at", "terakhir_dipakai"]
    list_select_related = ["usage"]
    search_fields = ["nama", "prefix"]
    readonly_fields = ["awalan", "status", "terakhir_dipakai", "created_by", "created_at", "revoked_at"]
    actions = ["cabut"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [f for f in fields if f not in self.readonly_fields] if obj is None else fields

    def has_delete_permission(self, request, obj=None):
        return False  # the call log keeps its token: revoke instead

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="awalan")
    def awalan(self, obj) -> str:
        return f"{obj.prefix}…"

    @admin.display(description="izin")
    def izin(self, obj) -> str:
        return ", ".join(obj.scopes) or "—"

    @admin.display(description="status")
    def status(self, obj) -> str:
        return permissions.status_of(obj, timezone.now())

    @admin.display(description="terakhir dipakai")
    def terakhir_dipakai(self, obj):
        usage = getattr(obj, "usage", None) if obj.pk else None
        return usage.last_used_at if usage is not None else "belum pernah"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if change:
                services.api_token_update(
                    actor=request.user,
                    token_id=obj.pk,
                    nama=data["nama"],
                    scopes=data["scopes"],
                    expires_at=data["expires_at"],
                )
                return
            instansi_id = obj.instansi_id if request.user.is_superuser else request.user.instansi_id
            token, secret = services.api_token_create(
                actor=request.user,
                instansi_id=instansi_id,
                nama=data["nama"],
                scopes=data["scopes"],
                expires_at=data["expires_at"],
            )
        except services.ApiTokenError as error:
            raise PermissionDenied(str(error)) from error
        obj.pk, obj.prefix, obj.instansi_id = token.pk, token.prefix, token.instansi_id
        messages.warning(
            request,
            format_html(
                "Salin token API “{}” sekarang: token ini hanya ditampilkan sekali dan tidak disimpan. "
                '<code class="token-api">{}</code> Pakai di header <code>Authorization: Bearer &lt;token&gt;</code>.',
                token.nama,
                secret,
            ),
        )

    @admin.action(description="Cabut token terpilih")
    def cabut(self, request, queryset):
        for token in queryset:
            services.api_token_revoke(actor=request.user, token_id=token.pk)
        messages.success(request, f"{len(queryset)} token dicabut: panggilan dengannya kini ditolak (401).")


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    """The call log, read only: an admin instansi sees their instansi's calls, a superadmin all."""

    list_display = ["created_at", "token", "method", "path", "status", "address", "duration_ms"]
    list_filter = ["status", "method"]
    list_select_related = ["token"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_module_permission(self, request):
        return is_any_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_any_admin(request.user) and (
            obj is None or request.user.is_superuser or obj.instansi_id == request.user.instansi_id
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
