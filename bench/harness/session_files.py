"""Files of logged-in sessions for the cases that need fresh ones per run: E3 (one per connection) and E5 (one per
logout)."""
import os
import re
import tempfile

from .common import fail, login, request


def make_key_files(server, per_file, folder):
    """E5's fresh sessions: alice logged in `per_file` times through /bench/sessions, one key per line."""
    def make():
        status, _, body = request(server.port, "POST", "/bench/sessions?count=%d&login=alice&password=alice-password"
                                  % per_file, timeout=600)
        if status != 200:
            fail("/bench/sessions answered %d" % status)
        keys = [k for k in re.split(r"\s+", body) if k]
        handle, name = tempfile.mkstemp(suffix=".keys", dir=folder)
        with os.fdopen(handle, "w") as f:
            f.write("\n".join(keys) + "\n")
        return (name,)
    return make


def make_sessions(server, count, folder):
    """E3's sessions: `count` fresh logins through the stack's own /api/login (every stack has one), one per
    connection, so no two requests in flight ever share a session."""
    def make():
        keys = [login(server.port) for _ in range(count)]
        handle, name = tempfile.mkstemp(suffix=".sessions", dir=folder)
        with os.fdopen(handle, "w") as f:
            f.write("\n".join(keys) + "\n")
        return (name,)
    return make
