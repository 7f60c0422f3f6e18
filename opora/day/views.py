from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opora import access
from opora.core.pagination import CappedPaginator
from opora.day import forms, selectors, services


@access.member_required()
def notifications(request):
    page = CappedPaginator(selectors.notifications_of(request.membership), 25).get_page(request.GET.get("page"))
    return render(request, "day/notifications.html", {"page": page})


@access.member_required()
@require_POST
def notification_open(request, pk):
    """Mark one's own notification read and go where the work is done."""
    notification = access.fetch_notification(request, pk)
    services.notification_mark_read(notification=notification, by=request.membership, request=request)
    target = notification.url
    if request.POST.get("stay") or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("day:notifications")
    return redirect(target)


@access.member_required()
@require_POST
def notifications_read_all(request):
    services.notifications_mark_all_read(by=request.membership, request=request)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("day:notifications")


@access.member_required()
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    instance = selectors.settings_of(request.membership)
    form = forms.ReminderSettingsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.reminder_settings_save(by=request.membership, data=form.cleaned_data, request=request)
        messages.success(request, _("Saved."))
        return redirect("day:settings")
    status = 422 if request.method == "POST" else 200
    return render(request, "day/settings.html", {"form": form}, status=status)
