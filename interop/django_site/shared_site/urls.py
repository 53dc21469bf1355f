"""Django's own LoginView, LogoutView and PasswordChangeView, and a page that shows request.user."""
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import path


def whoami(request):
    return render(request, 'whoami.html')


urlpatterns = [
    path('accounts/login/', auth_views.LoginView.as_view()),
    path('accounts/logout/', auth_views.LogoutView.as_view()),
    path('accounts/password_change/', auth_views.PasswordChangeView.as_view(success_url='/whoami/')),
    path('whoami/', whoami),
]
