-- E4: POST /api/login as alice, no cookie: every request is a fresh login (a new session).
wrk.method = "POST"
wrk.body = '{"email":"alice@example.com","password":"alice-password"}'
wrk.headers["Content-Type"] = "application/json"
