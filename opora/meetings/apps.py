from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "opora.meetings"
    label = "meetings"
