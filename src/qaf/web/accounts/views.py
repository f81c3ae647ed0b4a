"""Sign in and out, your account, and the administrator's users and access log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qaf.web.accounts.forms import AccessLogFilter, ChangePasswordForm, SignInForm, UserForm
from qaf.web.accounts.models import AccessLog, User
from qaf.web.policy import signed_in

ACCESS_LOG_PAGE = 100
ACCESS_LOG_HEAD = ["When", "Who", "Page", "Address", "Answer"]


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


def account(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    teams = ", ".join(t.name for t in user.teams.all()) or "All teams"
    rows = [
        ("Username", user.get_username()),
        ("Name", user.get_full_name() or "Not given"),
        ("Role", user.get_role_display()),
        ("Teams", teams if user.role == "manager" else "All teams"),
    ]
    context = {"account_rows": rows, "password_href": reverse("accounts:password_change")}
    return render(request, "accounts/account.html", context)


def password_change(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(signed_in(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Your password has been changed")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


def users(request: HttpRequest) -> HttpResponse:
    everyone = User.objects.order_by("-is_active", "username").prefetch_related("teams")
    return render(request, "accounts/users.html", {"users": everyone})


def user_add(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, f"Account {user.username} created")
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "title": "Add a user"})


def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=target, acting=signed_in(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Account {target.username} saved")
        return redirect("accounts:users")
    title = f"Edit {target.username}"
    return render(request, "accounts/user_form.html", {"form": form, "title": title})


def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilter(request.GET or None)
    entries = AccessLog.objects.all()
    if form.is_valid():
        if form.cleaned_data["username"]:
            entries = entries.filter(username=form.cleaned_data["username"])
        if form.cleaned_data["url_name"]:
            entries = entries.filter(url_name__contains=form.cleaned_data["url_name"])
    page = Paginator(entries, ACCESS_LOG_PAGE).get_page(request.GET.get("page"))
    rows = [[f"{e.at:%d %b %Y %H:%M:%S}", e.username, e.url_name, e.path, e.status] for e in page]
    # Page links keep the filter: every GET value but the page number itself.
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "access_log_head": ACCESS_LOG_HEAD,
        "kept": kept.urlencode(),
    }
    return render(request, "accounts/access_log.html", context)
