from django.contrib.sessions.middleware import SessionMiddleware


class BenchSessionMiddleware(SessionMiddleware):
    """Django's SessionMiddleware, skipped for /bench/e0 (E0: no session middleware at all)."""

    def __call__(self, request):
        if request.path == "/bench/e0":
            return self.get_response(request)
        return super().__call__(request)
