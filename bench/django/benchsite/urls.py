from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from . import views

urlpatterns = [
    path("bench/e0", views.e0),
    path("bench/e1", views.e1),
    path("api/test1", views.test1),
    path("bench/e3", views.e3),
    path("api/login", csrf_exempt(views.login)),
]
