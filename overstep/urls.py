"""Overstep's URLs: the forum at the root, stored runs and sweeps under /runs/ and /sweeps/,
sign-in under /accounts/, the read-only admin. Static files never reach these: WhiteNoise's
middleware answers them (settings.py)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("exercises/", include("exercises.urls")),
    path("", include("scenarios.urls")),
    path("", include("forum.urls")),
]
