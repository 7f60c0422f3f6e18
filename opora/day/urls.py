from django.urls import path

from opora.day import views

app_name = "day"
urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("settings/", views.reminder_settings, name="settings"),
]
