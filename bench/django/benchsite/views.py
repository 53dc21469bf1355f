from django.contrib.auth.models import User
from django.http import HttpResponse, HttpResponseBadRequest


def e0(request):
    return HttpResponse("ok", content_type="text/plain")


def e1(request):
    user_id = request.session.get("user_id")
    return HttpResponse("anonymous" if user_id is None else "user %s" % user_id, content_type="text/plain")


def session_user_exists(request):
    # As BlazorSessionDemo's authentication does for every request with a session: user_id -> the active user.
    user_id = request.session.get("user_id")
    return user_id is not None and User.objects.filter(pk=user_id, is_active=True).exists()


def test1(request):
    if not session_user_exists(request):
        return HttpResponseBadRequest("not logged in")
    return HttpResponse("test1 ok", content_type="text/plain")


def e3(request):
    session_user_exists(request)
    count = request.session.get("bench_counter", 0) + 1
    request.session["bench_counter"] = count
    return HttpResponse(str(count), content_type="text/plain")


def login(request):
    """Setup only (not measured): a logged-in session for E2/E3, key cycled as django.contrib.auth.login does."""
    if request.method != "POST":
        return HttpResponseBadRequest("POST only")
    request.session.cycle_key()
    request.session["user_id"] = User.objects.get(username="alice").pk
    return HttpResponse("ok", content_type="text/plain")
