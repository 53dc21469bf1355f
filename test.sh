#!/usr/bin/env bash
# Runs every test of BlazorSessionDemo on a fresh machine: installs what is missing (apt), builds with warnings
# as errors, runs the unit/integration, interop and browser suites, packs the libraries and runs a second app on the
# packages (tests/sample.sh), runs the benchmark's harness in smoke mode (bench/run.sh, SMOKE=1), and ends with the
# runners' own counts:
#   N passed, N failed, N skipped
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$(mktemp -d)"
source tests/throwaway-servers.sh
cleanup() {
  stop_throwaway_servers
  # The fault tests mount small tmpfs filesystems under $results/mounts and unmount them themselves; if a run was
  # killed halfway, unmount what is left (only this run's mounts) before removing the folder.
  awk -v root="$results/mounts/" 'index($2, root) == 1 { print $2 }' /proc/mounts 2>/dev/null \
    | while read -r mountpoint; do umount -l "$mountpoint" 2>/dev/null; done
  rm -rf "$results"
}
trap cleanup EXIT

# --- what the tests need from Debian ------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import django' >/dev/null 2>&1 || missing+=(python3-django)
# Django's bcrypt and argon2 hashers (the shared-login tests create and verify such users with real Django).
/usr/bin/python3 -c 'import bcrypt' >/dev/null 2>&1 || missing+=(python3-bcrypt)
/usr/bin/python3 -c 'import argon2' >/dev/null 2>&1 || missing+=(python3-argon2)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# redis-cli joins the Redis Cluster the cluster tests start (a dependency of redis-server; named in case it's missing).
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
# PostgreSQL 15 (the db engines, the catalog and Django's round trip on PostgreSQL) and Django's driver for it.
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
/usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || missing+=(python3-psycopg2)
# nginx in front of two app processes (ProxyInFrontTests), run by the test itself with a config of its own.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

# --- a throwaway redis-server and PostgreSQL on free loopback ports, stopped on exit (also on failure) ---
start_throwaway_redis "$results"
start_throwaway_postgres "$results"

# The fault tests' tmpfs mounts (full and read-only disks) go here, so cleanup can find leftovers of this run only.
export BSD_FAULTS_MOUNT_ROOT="$results/mounts"

# --- build --------------------------------------------------------------------------------------
echo "== build (warnings are errors)"
if ! dotnet build BlazorSessionDemo.sln -warnaserror -nologo -v quiet; then
  echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi

# --- tests --------------------------------------------------------------------------------------
status=0
for project in BlazorSessionDemo.Tests BlazorSessionDemo.E2E; do
  echo "== $project"
  dotnet test "$project" --no-build --logger "trx;LogFileName=$project.trx" --results-directory "$results" \
    || status=1
  [ -f "$results/$project.trx" ] || { echo "$project produced no results"; status=1; }
done

# --- the packages: packed into a throwaway feed, used by samples/MinimalApi (tests/sample.sh) ------
echo "== tests/sample.sh (the libraries as NuGet packages, in a second app)"
SAMPLE_NO_BUILD=1 tests/sample.sh | tee "$results/sample.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
sample_counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$results/sample.log" | tail -1)
[ -n "$sample_counts" ] || { echo "tests/sample.sh printed no counts"; status=1; }

# --- the benchmark's harness on this code: every stack, engine and case for a couple of seconds (SMOKE=1, figures
# not kept), so a change that breaks the benchmark fails here instead of going unnoticed until its next full run ----
echo "== bench/run.sh with SMOKE=1 (the benchmark harness passes on this code)"
bench_cases=0
rm -f bench/results/smoke.json
if SMOKE=1 bench/run.sh > "$results/bench-smoke.log" 2>&1; then
  bench_cases=$(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["http"]) + (1 if r.get("scale") else 0))' \
    bench/results/smoke.json 2>/dev/null || echo 0)
  echo "bench smoke: $bench_cases cases passed"
  [ "$bench_cases" -gt 0 ] || { echo "bench smoke wrote no cases"; status=1; }
else
  tail -30 "$results/bench-smoke.log"; status=1
fi

# --- counts from the runners' TRX files, the sample's own line and the bench smoke's cases ---------------
passed=$bench_cases; failed=0; skipped=0
if [ -n "$sample_counts" ]; then
  read -r p _ f _ s _ <<<"$sample_counts"
  passed=$((passed + p)); failed=$((failed + ${f%,})); skipped=$((skipped + ${s%,}))
fi
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + p)); failed=$((failed + f + e + t + a)); skipped=$((skipped + total - executed))
done
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
