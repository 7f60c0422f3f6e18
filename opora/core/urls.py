from django.urls import path

from opora.core import health, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Answered by HealthCheckMiddleware before routing; the route keeps reverse() and the matrix.
    path("health/", health.health, name="health"),
]
