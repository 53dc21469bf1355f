#!/usr/bin/env bash
# The benchmarks of issues 8 and 16 in one command (not part of ./test.sh):
#   bench/run.sh                 full run (hours: each case warmed until its throughput stops rising), preceded by a
#                                smoke pass; results/latest.json, docs/benchmarks.md + .png
#   QUICK=1 bench/run.sh         short runs for development (2 s warm-up): results/quick.json, docs untouched
#   SMOKE=1 bench/run.sh         every stack, engine and case for a few seconds: proves the harness passes on this code
#                                (a couple of minutes); results/smoke.json, docs untouched
# Any non-2xx answer, socket error or failed case exits non-zero, naming the case.
# Knobs (env): WARMUP (seconds, or auto), WARMUP_WINDOW/STABLE/TOLERANCE/MIN/FIRST/MAX, DURATION, REPS, OPEN_DURATION,
#   CONNECTIONS, SERVER_CPU (0), LOAD_CPU (1), ONLY=app:db,aspnet,django:cache,scale,micro (a subset), MICRO=0|1,
#   ENDPOINTS=E3 (only those cases of the app; with MERGE=1 they replace theirs in the results),
#   SCALE_ROWS (1e6), SCALE_RATE (req/s), SKIP_SMOKE=1 (full run without the smoke pass first).
# Installs what it needs from Debian (wrk, gunicorn, python3-django, python3-django-redis, redis-server, sqlite3, postgresql,
# python3-matplotlib), builds in Release, and starts every server itself on 127.0.0.1; all stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

harness_pid=""
cleanup() {
  if [ -n "$harness_pid" ] && kill -0 "$harness_pid" 2>/dev/null; then
    kill "$harness_pid" 2>/dev/null || true
    wait "$harness_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
/usr/bin/python3 -c 'import django' >/dev/null 2>&1 || missing+=(python3-django)
/usr/bin/python3 -c 'import gunicorn' >/dev/null 2>&1 || missing+=(gunicorn)
/usr/bin/python3 -c 'import django_redis' >/dev/null 2>&1 || missing+=(python3-django-redis)
/usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1 || missing+=(python3-matplotlib)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== build (Release)"
for project in BlazorSessionDemo/BlazorSessionDemo.csproj bench/BenchHost bench/AspNetSessionBaseline bench/LoadGen \
  bench/Micro; do
  dotnet build "$project" -c Release -warnaserror -nologo -v quiet >/dev/null \
    || { echo "build of $project failed"; dotnet build "$project" -c Release -warnaserror -nologo -v quiet | tail -20; exit 1; }
done

harness() {
  (cd bench && exec /usr/bin/python3 -m harness.run) &
  harness_pid=$!
  status=0
  wait "$harness_pid" || status=$?
  harness_pid=""
  if [ "$status" -ne 0 ]; then
    echo "== benchmark FAILED (exit $status)"
    exit "$status"
  fi
}

full=1
[ "${QUICK:-0}" = "1" ] || [ "${SMOKE:-0}" = "1" ] && full=0
if [ "$full" = "1" ] && [ "${SKIP_SMOKE:-0}" != "1" ]; then
  echo "== smoke pass (the harness must pass on this code before the long run)"
  SMOKE=1 harness
fi
harness
if [ "$full" = "1" ]; then
  /usr/bin/python3 bench/report.py bench/results/latest.json docs/benchmarks.md docs/benchmarks.png
  echo "== docs/benchmarks.md and docs/benchmarks.png written"
elif [ "${SMOKE:-0}" = "1" ]; then
  # The report too must work on what this code's harness writes (its tables, the paired E0, the plot); kept nowhere.
  report_dir=$(mktemp -d)
  /usr/bin/python3 bench/report.py bench/results/smoke.json "$report_dir/benchmarks.md" "$report_dir/benchmarks.png"
  rm -rf "$report_dir"
  echo "== the report builds from this run's results"
fi
