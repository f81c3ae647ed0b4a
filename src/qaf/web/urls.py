"""Every URL of the web service. Each URL name needs a rule in qaf.web.rules (deny by default)."""

from django.urls import include, path

from qaf.web import views

reports = (
    [
        path("", views.reports, name="list"),
        path("<str:name>", views.report_file, name="file"),
    ],
    "reports",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path("", include("qaf.web.accounts.urls")),
    path("reports/", include(reports)),
    path("qa/", include("qaf.web.qa.urls")),
]
