"""The cooperation plan of a case: goals (with their indicators) and tasks. The case team reads
them; a read-write token of the team adds and changes them through the cases services."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from opora.api import selectors as api_selectors
from opora.api.resources.base import case_records
from opora.cases import forms, services
from opora.cases.models import Goal, Task


class GoalSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "case",
            "request",
            "title",
            "indicator",
            "status",
            "status_label",
            "review_on",
            "created_at",
            "version",
        ]


class TaskSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "case",
            "title",
            "responsible_membership",
            "responsible_actor",
            "responsible_label",
            "due_date",
            "status",
            "status_label",
            "is_overdue",
            "note",
            "created_at",
            "updated_at",
            "version",
        ]


TASK_FILTERS = [OpenApiParameter("status", str, enum=Task.Status.values, description=_("Only tasks in this status."))]

urlpatterns = [
    *case_records(
        "goals", Goal, GoalSerializer, forms.GoalForm, services.goal_save, lambda case, r: api_selectors.goals_of(case)
    ),
    *case_records(
        "tasks",
        Task,
        TaskSerializer,
        forms.TaskForm,
        services.task_save,
        lambda case, r: api_selectors.tasks_of(
            case, status=r.query_params.get("status", "") if r.method == "GET" else ""
        ),
        filters=TASK_FILTERS,
    ),
]
