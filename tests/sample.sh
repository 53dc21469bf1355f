#!/usr/bin/env bash
# The packages' own test (issue 13): packs the four libraries into a throwaway feed under a fresh prerelease version
# (so NuGet's package cache can never hand back an older build), builds samples/MinimalApi against those PACKAGES,
# starts it on a free loopback port and drives the seed's JSON API with curl on the file and the redis engine:
# login -> test1 -> logout -> test1, and the record appears in and disappears from the engine's store.
# Ends with "N passed, N failed, 0 skipped"; exits non-zero when anything failed.
#
#   tests/sample.sh                  # builds the libraries itself (Release, as dotnet pack does)
#   SAMPLE_NO_BUILD=1 tests/sample.sh   # packs what a Debug build of the solution left (./test.sh does this)
#
# Redis: the server named by REDIS_TEST_HOST/REDIS_TEST_PORT (./test.sh starts one), else a throwaway one of its own.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d)"
version="1.0.0-sample.$(date -u +%Y%m%d%H%M%S).$$"
packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
app_pid=""; redis_pid=""
passed=0; failed=0
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  # This run's packages, extracted into NuGet's cache by the sample's restore (their version is unique to this run).
  for id in djangosessions djangosessions.entityframeworkcore djangosessions.entityframeworkcore.postgresql djangosessions.redis; do
    [ -n "$packages" ] && rm -rf "${packages%/}/$id/$version" && rmdir "${packages%/}/$id" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT

check() { # name, then a command that succeeds when the behaviour holds
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok    $name"; return 0; fi
  failed=$((failed + 1)); echo "  FAIL  $name"; return 1
}
finish() { echo "$passed passed, $failed failed, 0 skipped"; [ "$failed" -eq 0 ]; exit; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- pack: the four libraries, with their XML docs and READMEs ------------------------------------
echo "== pack $version"
pack_args=(-o "$work/feed" -p:Version="$version" -nologo -v quiet)
[ "${SAMPLE_NO_BUILD:-}" = 1 ] && pack_args+=(-c Debug --no-build)
for id in DjangoSessions DjangoSessions.EntityFrameworkCore DjangoSessions.EntityFrameworkCore.PostgreSQL DjangoSessions.Redis; do
  dotnet pack "src/$id" "${pack_args[@]}" >"$work/pack-$id.log" 2>&1 || cat "$work/pack-$id.log"
  check "$id.$version.nupkg has lib/net10.0/$id.dll, its XML docs and README.md" python3 - "$work/feed/$id.$version.nupkg" "$id" <<'EOF'
import sys, zipfile
path, id = sys.argv[1], sys.argv[2]
try:
    names = set(zipfile.ZipFile(path).namelist())
except OSError:
    sys.exit(1)
sys.exit(0 if {f"lib/net10.0/{id}.dll", f"lib/net10.0/{id}.xml", "README.md"} <= names else 1)
EOF
done

# --- build the sample against the feed (restore adds it to the machine's usual sources) -------------
echo "== build samples/MinimalApi against the packages"
if ! dotnet build samples/MinimalApi -warnaserror -nologo -v quiet -o "$work/app" \
    -p:DjangoSessionsVersion="$version" -p:RestoreAdditionalProjectSources="$work/feed" >"$work/build.log" 2>&1; then
  cat "$work/build.log"; check "samples/MinimalApi builds against the packages" false; finish
fi
check "samples/MinimalApi restored DjangoSessions $version from the feed, not a project" \
  grep -q "\"DjangoSessions/$version\"" samples/MinimalApi/obj/project.assets.json

# --- redis: the suite's server, else our own --------------------------------------------------------
redis_host="${REDIS_TEST_HOST:-127.0.0.1}"; redis_port="${REDIS_TEST_PORT:-}"
if [ -z "$redis_port" ]; then
  redis_port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work" --save '' --appendonly no --daemonize no \
    >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
prefix="sample-$$"

# --- one engine: start the sample, drive the seed's calls, stop it ----------------------------------
run_engine() {
  local engine="$1"; local port base jar="$work/$1.jar" body code key
  port=$(free_port); base="http://127.0.0.1:$port"
  echo "== samples/MinimalApi on the $engine engine, $base"
  ( cd "$work/app" && exec env ASPNETCORE_URLS="$base" Session__Engine="$engine" \
      Session__FilePath="$work/$engine-sessions" Session__SecretKeyFile="$work/secret.key" \
      Session__Redis__Host="$redis_host" Session__Redis__Port="$redis_port" Session__Redis__Prefix="$prefix" \
      dotnet MinimalApi.dll ) >"$work/$engine.log" 2>&1 &
  app_pid=$!
  # Up to 60 s for the first answer on a loaded machine; a process that died ends the wait at once.
  for _ in $(seq 300); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/test1")
    [ "$code" != 000 ] && break
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.2
  done
  if ! check "$engine: the sample starts and answers" test "$code" != 000; then cat "$work/$engine.log"; return; fi

  check "$engine: test1 without a session is 400" test "$code" = 400
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"email":"alice@example.com","password":"wrong"}' "$base/api/login")
  check "$engine: login with a wrong password is 400" test "$code" = 400
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"email":' "$base/api/login")
  check "$engine: login with broken JSON is 400" test "$code" = 400

  body=$(curl -s -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
    -d '{"email":"alice@example.com","password":"alice-password"}' "$base/api/login")
  check "$engine: login answers the user" grep -q '"user":{"user_id":1,"name":"alice"' <<<"$body"
  key=$(awk '$6 == "sessionid" { print $7 }' "$jar")
  check "$engine: login sets a sessionid cookie" test -n "$key"
  case "$engine" in
    file) check "file: the session is a file of the file engine" test -f "$work/file-sessions/sessionid$key" ;;
    redis) check "redis: the session is a key of the redis engine" \
      test "$(redis-cli -h "$redis_host" -p "$redis_port" exists "$prefix:$key")" = 1 ;;
  esac
  body=$(curl -s -b "$jar" -w ' %{http_code}' "$base/api/test1")
  check "$engine: test1 with the session is 200 'test1 ok'" test "$body" = "test1 ok 200"
  body=$(curl -s -c "$jar" -b "$jar" -X POST -w ' %{http_code}' "$base/api/logout")
  check "$engine: logout is 200 '1 logout ok.'" test "$body" = "1 logout ok. 200"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base/api/test1")
  check "$engine: test1 after logout is 400" test "$code" = 400
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=$key" "$base/api/test1")
  check "$engine: the logged-out key replayed is no session (400)" test "$code" = 400
  case "$engine" in
    file) check "file: logout deleted the session file" test ! -e "$work/file-sessions/sessionid$key" ;;
    redis) check "redis: logout deleted the redis key" \
      test "$(redis-cli -h "$redis_host" -p "$redis_port" exists "$prefix:$key")" = 0 ;;
  esac

  kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; app_pid=""
}

run_engine file
run_engine redis
finish
