from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Kepegawaian"

    def ready(self):
        from accounts import security

        security.connect()
