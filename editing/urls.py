from django.urls import path

from . import views

app_name = "editing"

urlpatterns = [
    path("presence/", views.heartbeat, name="heartbeat"),
    path("presence/leave/", views.leave, name="leave"),
    path("presence/take-over/", views.take_over, name="take-over"),
    path("autosave/", views.save, name="autosave"),
    path("autosave/offer/", views.offer, name="autosave-offer"),
    path("autosave/discard/", views.discard, name="autosave-discard"),
]
