"""Django admin for the admin instansi: unit kerja, pegawai, reporting lines, Plt, CSV import.

An admin instansi sees and changes only their own instansi; every lookup goes through get_queryset, so
an id from another instansi is "not found". A superadmin sees everything.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, BaseUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse

from accounts import services
from accounts.admin_audit import jejak_links
from accounts.forms import CariNipForm, PegawaiImportForm
from accounts.importer import ImportRejected, decode_upload, import_pegawai
from accounts.models import Instansi, PejabatNonAsn, PltAssignment, UnitKerja, User
from accounts.permissions import is_any_admin
from core.admin import StaleEditAdminMixin


class InstansiScopedAdmin(StaleEditAdminMixin, admin.ModelAdmin):
    """Rows of the admin's own instansi only; the instansi is set from the admin, never chosen."""

    scoped_foreign_keys = ("unit_kerja", "parent", "atasan", "pegawai")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(instansi_id=request.user.instansi_id)

    def has_module_permission(self, request):
        return is_any_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self._in_scope(request, obj)

    def has_add_permission(self, request):
        return is_any_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._in_scope(request, obj)

    def _in_scope(self, request, obj) -> bool:
        if not is_any_admin(request.user):
            return False
        return obj is None or request.user.is_superuser or obj.instansi_id == request.user.instansi_id

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            exclude.append("instansi")
        return exclude

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return filters if not request.user.is_superuser else ["instansi", *filters]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        return form_class if request.user.is_superuser else own_instansi_form(form_class, request.user.instansi_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = db_field.name in self.scoped_foreign_keys and "queryset" not in kwargs
        if scoped and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(instansi_id=request.user.instansi_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.instansi_id = request.user.instansi_id
        super().save_model(request, obj, form, change)


class OneRowPerInstansiAdmin(InstansiScopedAdmin):
    """A table with one row per instansi (the scheme of periods, the TPP table, progres harian's settings): until
    the admin adds it the instansi has the defaults and the list says so (`belum_diatur`); opening it writes
    nothing; the row is changed, never deleted (its history stays with it)."""

    belum_diatur = ""

    def has_add_permission(self, request):
        if request.user.is_superuser:
            return True
        mine = self.model._default_manager.filter(instansi_id=request.user.instansi_id)
        return super().has_add_permission(request) and not mine.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if self.belum_diatur and not request.user.is_superuser and self.has_add_permission(request):
            messages.info(request, self.belum_diatur)
        return super().changelist_view(request, extra_context)


class NationalDataAdmin(admin.ModelAdmin):
    """National data (the koefisien of angka kredit, the national holidays): every admin reads it, only a superadmin
    corrects it; `superadmin_deletes` whether a superadmin may also delete a row."""

    superadmin_deletes = False

    def has_module_permission(self, request):
        return is_any_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_any_admin(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return self.superadmin_deletes and request.user.is_superuser


def own_instansi_form(form_class, instansi_id: int):
    """The admin instansi's form: their instansi is on the row before validation and validated with it, so a unique
    rule that includes the instansi (one batas waktu per period code, one holiday per date) is refused on the form
    instead of failing in the database as a server error; Django skips rules on fields not on the form."""

    class OwnInstansiForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.instance.instansi_id = instansi_id

        def _get_validation_exclusions(self):
            return super()._get_validation_exclusions() - {"instansi"}

    return OwnInstansiForm


@admin.register(Instansi)
class InstansiAdmin(StaleEditAdminMixin, admin.ModelAdmin):
    list_display = ["nama"]
    search_fields = ["nama"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk=request.user.instansi_id)

    def has_module_permission(self, request):
        return is_any_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or (
            is_any_admin(request.user) and (obj is None or obj.pk == request.user.instansi_id)
        )

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if change:
            services.instansi_rename(instansi=obj, nama=form.cleaned_data["nama"])
        else:
            created = services.instansi_create(nama=obj.nama)
            obj.pk = created.pk


class UnitKerjaForm(forms.ModelForm):
    """A unit always hangs under a parent: the root of the tree is made with its instansi."""

    class Meta:
        model = UnitKerja
        fields = ["parent", "nama", "mandiri"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        is_root = self.instance.pk is not None and self.instance.parent_id is None
        self.fields["parent"].required = not is_root
        if is_root:
            self.fields["parent"].disabled = True
            self.fields["nama"].disabled = True
            self.fields["nama"].help_text = "Unit teratas bernama sama dengan instansinya."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nama") and not self.fields["parent"].disabled:
            try:
                services.unit_kerja_path(pk=self.instance.pk, parent=cleaned.get("parent"), nama=cleaned["nama"])
            except ValidationError as exc:
                for name, errors in exc.error_dict.items():
                    self.add_error(name, errors)
        return cleaned


@admin.register(UnitKerja)
class UnitKerjaAdmin(InstansiScopedAdmin):
    form = UnitKerjaForm
    list_display = ["path", "depth"]
    search_fields = ["nama", "path"]
    autocomplete_fields = ["parent"]
    ordering = ["path"]

    def has_delete_permission(self, request, obj=None):
        # The root carries the instansi's name and goes only with the instansi.
        return super().has_delete_permission(request, obj) and (obj is None or obj.parent_id is not None)

    def save_model(self, request, obj, form, change):
        services.unit_kerja_save(unit=obj)


class PegawaiForm(UserChangeForm):
    """The pegawai change form; the password is shown as a summary with a link to change it, never as text."""

    class Meta:
        model = User
        fields = [
            "nip", "nama", "gelar_depan", "gelar_belakang", "status_kepegawaian", "pangkat", "golongan", "email",
            "instansi", "jabatan", "jenis_jabatan", "unit_kerja", "atasan",
            "is_active", "is_staff", "is_superuser", "groups", "user_permissions",
        ]  # fmt: skip

    def __init__(self, *args, request_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The instance gets the cleaned values only after clean(); check a copy that has them now.
        candidate = copy.copy(self.instance)
        for name in ("nip", "status_kepegawaian", "instansi", "unit_kerja", "atasan"):
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        if self.request_user is not None and not self.request_user.is_superuser:
            candidate.instansi_id = self.request_user.instansi_id
        try:
            services.pegawai_check(pegawai=candidate)
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        return cleaned


class PegawaiAddForm(PegawaiForm):
    """A new pegawai has no usable password: they set one by the reset link, or the admin sets it."""

    class Meta(PegawaiForm.Meta):
        fields = PegawaiForm.Meta.fields[:13]

    password = None  # no password field on creation: see the docstring

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class PegawaiAdmin(InstansiScopedAdmin, UserAdmin):
    form = PegawaiForm
    add_form = PegawaiAddForm
    change_password_form = AdminPasswordChangeForm
    change_list_template = "admin/accounts/user/change_list.html"
    list_display = ["nama_lengkap", "nip", "jabatan", "jenis_jabatan", "unit_kerja", "is_active"]
    list_select_related = ["unit_kerja"]
    list_filter = ["jenis_jabatan", "status_kepegawaian", "is_active", "is_staff"]
    # No NIP here: the search box sends its text in the URL. NIP search is the POST form "Cari NIP".
    search_fields = ["nama", "jabatan", "unit_kerja__path"]
    ordering = ["nama"]
    autocomplete_fields = ["atasan", "unit_kerja"]
    readonly_fields = ["last_login", "date_joined", "jejak"]
    fieldsets = [
        (None, {"fields": ["nip", "password"]}),
        (
            "Profil",
            {
                "fields": [
                    "nama", "gelar_depan", "gelar_belakang", "status_kepegawaian", "pangkat", "golongan",
                    "email",
                ]
            },
        ),
        ("Jabatan", {"fields": ["instansi", "jabatan", "jenis_jabatan", "unit_kerja", "atasan"]}),
        ("Akses", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Waktu", {"fields": ["last_login", "date_joined", "jejak"]}),
    ]  # fmt: skip
    add_fieldsets = [(None, {"fields": PegawaiAddForm.Meta.fields})]

    @admin.display(description="nama", ordering="nama")
    def nama_lengkap(self, obj):
        return obj.nama_lengkap

    @admin.display(description="riwayat")
    def jejak(self, obj):
        return jejak_links(obj) if obj.pk else ""

    def get_queryset(self, request):
        """An admin instansi never sees (so never changes, deactivates or gives a password to) a user with rights
        they lack: a superadmin, or a user given groups or permissions (User.objects.visible_to)."""
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.exclude(User.objects.higher_rights())

    def _in_scope(self, request, obj) -> bool:
        # Objects come through get_queryset, which leaves out groups and permissions; this guards the rest.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super()._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "atasan" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"instansi", "is_superuser", "groups", "user_permissions"}
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for title, opts in fieldsets
        ]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class RequestBoundForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, request_user=request.user, **inner)

        return RequestBoundForm

    def has_delete_permission(self, request, obj=None):
        # Pegawai leave by becoming nonaktif, so their history stays; only a superadmin deletes.
        return request.user.is_superuser

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A pejabat non-ASN is listed with the pegawai (so the atasan box finds them) but kept on their own form.
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_pejabat_non_asn:
            return redirect("admin:accounts_pejabatnonasn_change", obj.pk)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="accounts_user_import"),
            path("cari-nip/", self.admin_site.admin_view(self.cari_nip_view), name="accounts_user_cari_nip"),
        ]
        return extra + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "cari_nip_form": CariNipForm()}
        return super().changelist_view(request, extra_context)

    def cari_nip_view(self, request):
        """Find a pegawai by NIP through a POST, so the NIP stays out of URLs and access logs."""
        if request.method != "POST":
            return redirect("admin:accounts_user_changelist")
        form = CariNipForm(request.POST)
        if form.is_valid():
            user = self.get_queryset(request).filter(nip=form.cleaned_data["nip"]).first()
            if user is not None:
                return redirect("admin:accounts_user_change", user.pk)
        messages.warning(request, "Pegawai dengan NIP tersebut tidak ditemukan di instansi Anda.")
        return redirect("admin:accounts_user_changelist")

    def import_view(self, request):
        """Upload a pegawai CSV (docs/rules.md §1.11); show the counts, or every rejected row."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        only = None if request.user.is_superuser else request.user.instansi
        form = PegawaiImportForm(request.POST or None, request.FILES or None)
        report = errors = None
        if request.method == "POST" and form.is_valid():
            try:
                report = import_pegawai(text=decode_upload(form.cleaned_data["berkas"].read()), only_instansi=only)
            except ImportRejected as exc:
                errors = exc.errors
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Impor pegawai dari CSV",
            "form": form,
            "report": report,
            "errors": errors,
            "changelist_url": reverse("admin:accounts_user_changelist"),
        }
        return render(request, "admin/accounts/user/import.html", context)


PEJABAT_FIELDS = ["nama_login", "nama", "gelar_depan", "gelar_belakang", "jabatan", "nip_asal", "email", "instansi"]


class PejabatMixin:
    """A pejabat non-ASN's nama pengguna is kept in lower case (it is typed that way at Masuk), and a superadmin
    names their instansi (an admin instansi's own is set by save_model)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nama_login"].required = True
        self.fields["jabatan"].required = True
        self.fields["jabatan"].help_text = "Misalnya Bupati Sukamaju, atau Pj. Bupati Sukamaju."
        if "instansi" in self.fields:
            self.fields["instansi"].required = True

    def clean_nama_login(self):
        return (self.cleaned_data.get("nama_login") or "").strip().lower()


class PejabatForm(PejabatMixin, UserChangeForm):
    class Meta:
        model = PejabatNonAsn
        fields = [*PEJABAT_FIELDS, "is_active"]


class PejabatAddForm(PejabatMixin, BaseUserCreationForm):
    """The admin issues the nama pengguna and a first password: a kepala daerah often has no email for a reset."""

    class Meta:
        model = PejabatNonAsn
        fields = PEJABAT_FIELDS


@admin.register(PejabatNonAsn)
class PejabatNonAsnAdmin(InstansiScopedAdmin, UserAdmin):
    """Pejabat non-ASN (docs/rules.md §1.12): the kepala daerah, or a Pj. from another instansi, who rates the top
    official. Set as the atasan on that pegawai's form (or in the CSV import's nip_atasan, by nama pengguna)."""

    form = PejabatForm
    add_form = PejabatAddForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["nama_lengkap", "jabatan", "nama_login", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["nama", "jabatan", "nama_login"]
    ordering = ["nama"]
    readonly_fields = ["last_login", "date_joined", "jejak"]
    fieldsets = [
        (None, {"fields": ["nama_login", "password"]}),
        ("Profil", {"fields": ["nama", "gelar_depan", "gelar_belakang", "jabatan", "nip_asal", "email", "instansi"]}),
        ("Akses", {"fields": ["is_active"]}),
        ("Waktu", {"fields": ["last_login", "date_joined", "jejak"]}),
    ]
    add_fieldsets = [(None, {"fields": [*PEJABAT_FIELDS, "password1", "password2"]})]

    nama_lengkap = PegawaiAdmin.nama_lengkap
    jejak = PegawaiAdmin.jejak

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"instansi"}
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for title, opts in fieldsets
        ]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # like a pegawai: nonaktif keeps the history

    def get_urls(self):
        # UserAdmin names its password page "auth_user_password_change" whatever the model: give this one its own
        # name, so that the pegawai's stays reachable by theirs.
        urls = super().get_urls()
        for url in urls:
            if url.name == "auth_user_password_change":
                url.name = "accounts_pejabatnonasn_password_change"
        return urls


class PltAssignmentForm(forms.ModelForm):
    class Meta:
        model = PltAssignment
        fields = ["pegawai", "jabatan", "jenis_jabatan", "unit_kerja", "atasan", "mulai", "selesai"]

    def clean(self):
        cleaned = super().clean()
        pegawai, atasan, unit = cleaned.get("pegawai"), cleaned.get("atasan"), cleaned.get("unit_kerja")
        if pegawai and unit and unit.instansi_id != pegawai.instansi_id:
            self.add_error("unit_kerja", "Unit kerja Plt harus berada di instansi pegawai.")
        if pegawai and atasan:
            if atasan.pk == pegawai.pk:
                self.add_error("atasan", "Atasan untuk jabatan Plt tidak boleh pegawai itu sendiri.")
            elif atasan.instansi_id != pegawai.instansi_id:
                self.add_error("atasan", "Atasan harus berada di instansi yang sama.")
        if cleaned.get("mulai") and cleaned.get("selesai") and cleaned["selesai"] < cleaned["mulai"]:
            self.add_error("selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return cleaned


@admin.register(PltAssignment)
class PltAssignmentAdmin(InstansiScopedAdmin):
    form = PltAssignmentForm
    list_display = ["jabatan", "pegawai", "unit_kerja", "atasan", "mulai", "selesai"]
    list_select_related = ["pegawai", "unit_kerja", "atasan"]
    search_fields = ["jabatan", "pegawai__nama"]
    autocomplete_fields = ["pegawai", "atasan", "unit_kerja"]
    date_hierarchy = "mulai"

    def save_model(self, request, obj, form, change):
        obj.instansi_id = obj.pegawai.instansi_id if request.user.is_superuser else request.user.instansi_id
        super().save_model(request, obj, form, change)
