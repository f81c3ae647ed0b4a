from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qaf.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from qaf.web.accounts import signals  # noqa: F401  (connects the login stamp)
