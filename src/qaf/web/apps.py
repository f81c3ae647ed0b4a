"""The project itself as an app, so its templates, static files and template tags are found."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "qaf.web"
    label = "web"
    verbose_name = "QAF web service"
