from django.urls import path

from qaf.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("admin/users/", views.users, name="users"),
    path("admin/users/add/", views.user_add, name="user_add"),
    path("admin/users/<int:pk>/", views.user_edit, name="user_edit"),
    path("admin/access-log/", views.access_log, name="access_log"),
]
