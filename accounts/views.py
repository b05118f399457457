"""Login, logout, password reset and the home page with the pegawai's profile and bawahan."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
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


@login_required
def home(request):
    """Beranda: who I am in the organisation, who I report to, who reports to me."""
    user = User.objects.select_related("unit_kerja", "instansi", "atasan").get(pk=request.user.pk)
    today = timezone.localdate()
    bawahan = list(User.objects.filter(atasan=user, is_active=True).select_related("unit_kerja").order_by("nama"))
    plt = PltAssignment.objects.filter(pegawai=user).active_on(today).select_related("unit_kerja", "atasan")
    plt_bawahan = list(
        PltAssignment.objects.filter(atasan=user).active_on(today).select_related("pegawai", "unit_kerja")
    )
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
