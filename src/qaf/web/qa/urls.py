"""The QA records' URLs (included under /qa/). Each name has its rule in qaf.web.rules."""

from __future__ import annotations

from django.urls import path

from qaf.web.qa import views_audits as audits
from qaf.web.qa import views_feedback as feedback
from qaf.web.qa import views_figures as figures
from qaf.web.qa import views_iru as iru
from qaf.web.qa import views_lists as lists

app_name = "qa"

urlpatterns = [
    path("", figures.home, name="home"),
    path("figures/", figures.figures, name="figures"),
    path("audits/", audits.audit_list, name="audit_list"),
    path("audits/new/", audits.audit_add, name="audit_add"),
    path("audits/import/", audits.audit_import, name="audit_import"),
    path("audits/export/", audits.audit_export, name="audit_export"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/edit/", audits.audit_edit, name="audit_edit"),
    path("audits/<int:pk>/history/", audits.audit_history, name="audit_history"),
    path("audits/<int:pk>/delete/", audits.audit_delete, name="audit_delete"),
    # The family's page: public, and under a path that says nothing about them.
    path("feedback/thanks/", feedback.public_thanks, name="feedback_thanks"),
    path("feedback/<str:token>/", feedback.public_feedback, name="feedback_public"),
    path("feedback-links/", feedback.link_list, name="link_list"),
    path("feedback-links/new/", feedback.link_add, name="link_add"),
    path("feedback-forms/", feedback.feedback_list, name="feedback_list"),
    path("feedback-forms/new/", feedback.feedback_add, name="feedback_add"),
    path("feedback-forms/import/", feedback.feedback_import, name="feedback_import"),
    path("feedback-forms/export/", feedback.feedback_export, name="feedback_export"),
    path("feedback-forms/<int:pk>/", feedback.feedback_detail, name="feedback_detail"),
    path("feedback-forms/<int:pk>/edit/", feedback.feedback_edit, name="feedback_edit"),
    path("feedback-forms/<int:pk>/history/", feedback.feedback_history, name="feedback_history"),
    path("feedback-forms/<int:pk>/delete/", feedback.feedback_delete, name="feedback_delete"),
    path("meetings/", iru.meeting_list, name="meeting_list"),
    path("meetings/new/", iru.meeting_add, name="meeting_add"),
    path("meetings/import/", iru.meeting_import, name="meeting_import"),
    path("meetings/export/", iru.meeting_export, name="meeting_export"),
    path("meetings/<int:pk>/", iru.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", iru.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/history/", iru.meeting_history, name="meeting_history"),
    path("meetings/<int:pk>/delete/", iru.meeting_delete, name="meeting_delete"),
    path("reviews/", iru.review_list, name="review_list"),
    path("reviews/new/", iru.review_add, name="review_add"),
    path("reviews/import/", iru.review_import, name="review_import"),
    path("reviews/export/", iru.review_export, name="review_export"),
    path("reviews/<int:pk>/", iru.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", iru.review_edit, name="review_edit"),
    path("reviews/<int:pk>/history/", iru.review_history, name="review_history"),
    path("reviews/<int:pk>/delete/", iru.review_delete, name="review_delete"),
    path("lists/", lists.lists, name="lists"),
    path("lists/standards/new/", lists.standard_add, name="standard_add"),
    path("lists/standards/<int:pk>/", lists.standard_edit, name="standard_edit"),
    path("lists/standards/<int:pk>/history/", lists.standard_history, name="standard_history"),
    path("lists/scores/<int:pk>/", lists.level_edit, name="level_edit"),
    path("lists/scores/<int:pk>/history/", lists.level_history, name="level_history"),
    path("lists/themes/new/", lists.theme_add, name="theme_add"),
    path("lists/themes/<int:pk>/", lists.theme_edit, name="theme_edit"),
    path("lists/themes/<int:pk>/history/", lists.theme_history, name="theme_history"),
]
