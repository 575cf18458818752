from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "thorbecke.registry"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from thorbecke.registry.sign_in_throttle import count_failure, forget_failures

        user_login_failed.connect(count_failure, dispatch_uid="registry-sign-in-throttle-count")
        user_logged_in.connect(forget_failures, dispatch_uid="registry-sign-in-throttle-forget")
