"""Overstep's URLs: the forum at the root, stored runs and sweeps under /runs/ and /sweeps/,
sign-in under /accounts/, the read-only admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.views import serve
from django.urls import include, path, re_path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # `make serve` runs with DEBUG off and no separate web server, so the forum's one
    # stylesheet is served by Django itself.
    re_path(r"^static/(?P<path>.*)$", serve, {"insecure": True}),
    path("exercises/", include("exercises.urls")),
    path("", include("scenarios.urls")),
    path("", include("forum.urls")),
]
