from django.urls import path

from .views import audit, home, resources, spaces, threads

app_name = "forum"

urlpatterns = [
    path("", home.home, name="home"),
    path("spaces/<slug:slug>/", spaces.space_detail, name="space"),
    path("spaces/<slug:slug>/ask/", spaces.ask, name="ask"),
    path("threads/<str:key>/", threads.thread_detail, name="thread"),
    path("threads/<str:key>/reply/", threads.reply, name="reply"),
    path("threads/<str:key>/log/", audit.thread_log, name="thread_log"),
    path("posts/<str:key>/approve/", threads.approve, name="approve"),
    path("posts/<str:key>/reject/", threads.reject, name="reject"),
    path("posts/<str:key>/follow/", threads.follow, name="follow"),
    path("posts/<str:key>/hide/", threads.hide, name="hide"),
    path("resources/", resources.resource_list, name="resources"),
    path("resources/<slug:slug>/", resources.resource_detail, name="resource"),
    path("resources/<slug:slug>/access/", resources.change_access, name="change_access"),
    path("resources/<slug:slug>/log/", audit.resource_log, name="resource_log"),
    path("acl-changes/<int:pk>/review/", resources.review_change, name="review_change"),
]
