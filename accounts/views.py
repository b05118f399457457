"""Login, logout, password reset and the home page with the pegawai's profile and bawahan."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from accounts import services
from accounts.forms import LoginForm, ResetPasswordForm, ResetRequestForm
from accounts.models import PltAssignment, SecurityEvent, User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def pejabat(self) -> bool:
        return self.request.GET.get("akun") == "pejabat"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "pejabat": self.pejabat()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "pejabat": self.pejabat()}


@login_required
def home(request):
    """Beranda: who I am in the organisation, who I report to, who reports to me."""
    # Two queries for the page's five lists (docs/performance.md, issue 8), split here: the Plt posts I hold and
    # those under me, then every person the page names (me, my atasan, my active bawahan, the other side of each
    # Plt post). Unordered in SQL and sorted here: an ordered query makes Django hash every selected column.
    me, atasan_id = request.user.pk, request.user.atasan_id
    plts = PltAssignment.objects.filter(Q(pegawai=me) | Q(atasan=me)).active_on(timezone.localdate())
    plts = sorted(plts.select_related("unit_kerja").order_by(), key=lambda a: a.mulai, reverse=True)
    named = {atasan_id, *(a.atasan_id for a in plts), *(a.pegawai_id for a in plts)} - {None, me}
    who = Q(pk=me) | Q(atasan=me, is_active=True)
    if named:
        who |= Q(pk__in=named)
    people = list(User.objects.filter(who).select_related("unit_kerja").order_by("nama"))
    by_pk = {p.pk: p for p in people}
    user = by_pk[me]
    user.atasan = by_pk.get(atasan_id)  # the related rows from `people`, where select_related would have put them
    for a in plts:
        a.pegawai, a.atasan = by_pk[a.pegawai_id], by_pk.get(a.atasan_id)
    bawahan = [p for p in people if p.atasan_id == me and p.is_active]
    plt = [a for a in plts if a.pegawai_id == me]
    plt_bawahan = [a for a in plts if a.atasan_id == me]
    context = {
        "profil": user,
        "bawahan": bawahan,
        "plt_list": plt,
        "plt_bawahan": plt_bawahan,
        "jumlah_bawahan": len(bawahan) + len(plt_bawahan),
    }
    return render(request, "accounts/home.html", context)


password_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetRequestForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """Atur kata sandi by the emailed link; the new password is recorded in the security trail."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.security_event_record(jenis=SecurityEvent.Jenis.RESET_SELESAI, request=self.request, user=form.user)
        return response


password_reset_confirm = ResetConfirmView.as_view(
    form_class=ResetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
