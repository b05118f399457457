"""Login, logout and password reset. Beranda, which needs every app's to-do list, lives at the top layer
(ekinerja/views.py); its profile part is accounts.services.profil_of."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts import services
from accounts.forms import LoginForm, ResetPasswordForm, ResetRequestForm
from accounts.models import SecurityEvent


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
