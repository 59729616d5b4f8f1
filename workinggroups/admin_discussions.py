"""Discussions in the admin, for the Secretariat: threads with their posts, read-only content.

Moderation happens on the discussion pages (pin, lock, hide are recorded there); here the
Secretariat can find threads and posts, flag them, and see who follows what and which
notifications were sent. Imported by `workinggroups/admin.py` (`from . import admin_discussions`).
"""

from django.contrib import admin
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import Post, PostNotification, Thread, ThreadSubscription


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["author", "created_at", "excerpt", "hidden"]
    readonly_fields = ["author", "created_at", "excerpt"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("message"))
    def excerpt(self, obj):
        return Truncator(strip_tags(obj.body)).chars(120)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "created_by", "post_count", "last_post_at", "pinned",
                    "locked", "hidden"]  # fmt: skip
    list_filter = ["group", "pinned", "locked", "hidden"]
    search_fields = ["title"]
    list_select_related = ["group", "created_by"]
    date_hierarchy = "last_post_at"
    fields = ["group", "title", "created_by", "created_at", "last_post_at", "post_count",
              "pinned", "locked", "hidden"]  # fmt: skip
    readonly_fields = ["group", "created_by", "created_at", "last_post_at", "post_count"]
    inlines = [PostInline]

    def has_add_permission(self, request):
        return False  # threads are started on the discussion pages


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "edited_at", "hidden"]
    list_filter = ["hidden", "thread__group"]
    search_fields = ["body", "thread__title", "author__email"]
    list_select_related = ["thread", "author"]
    fields = ["thread", "author", "body", "mentions", "documents", "created_at", "edited_at",
              "hidden", "hidden_by"]  # fmt: skip
    readonly_fields = ["thread", "author", "body", "mentions", "documents", "created_at",
                       "edited_at", "hidden_by"]  # fmt: skip

    def has_add_permission(self, request):
        return False


@admin.register(ThreadSubscription)
class ThreadSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["thread", "user", "created_at"]
    search_fields = ["thread__title", "user__email"]
    list_select_related = ["thread", "user"]
    raw_id_fields = ["thread", "user"]


@admin.register(PostNotification)
class PostNotificationAdmin(admin.ModelAdmin):
    list_display = ["post", "user", "mode", "created_at", "sent_at"]
    list_filter = ["mode", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "post__thread__title"]
    list_select_related = ["post__thread", "user"]
    readonly_fields = ["post", "user", "mode", "created_at", "sent_at"]

    def has_add_permission(self, request):
        return False
