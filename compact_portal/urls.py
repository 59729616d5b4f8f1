from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from entities import profile

from . import i18n, search_views, views

# The admin signs in through allauth, so its rate limits (and MFA) apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Compact Portal administration"
admin.site.site_title = "Compact Portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", search_views.search, name="search"),
    path("numbers/", views.numbers, name="numbers"),
    path("activity/my-groups/", views.my_activity, name="my_activity"),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    path("", include("entities.urls")),
    path("", include("entities.directory_urls")),
    path("", include("entities.people_urls")),
    path("", include("entities.organization_urls")),
    path("", include("entities.confirmation_urls")),
    path("", include("library.subscription_urls")),
    path("", include("library.newsletter_urls")),
    path("library/", include("library.urls")),
    path("", include("workinggroups.space_urls")),
    path("", include("workinggroups.discussion_urls")),
    path("", include("workinggroups.planning_urls")),
    path("", include("workinggroups.report_urls")),
    path("", include("calendar_app.urls")),
    path("", include("appeal.project_urls")),
    path("", include("appeal.urls")),
    path("", include("assessments.urls")),
    path("", include("notifications.urls")),
    path("", include("compact_portal.audit_urls")),
    path("accounts/profile/", profile.profile, name="profile"),
    path("people/<int:user_id>/photo", profile.focal_point_photo, name="focal_point_photo"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
