#!/usr/bin/env bash
# Mutation testing of the security-critical code with Stryker.NET (pinned in .config/dotnet-tools.json).
# Not part of ./test.sh: it takes far longer. See docs/testing.md for the areas, the scores and every survivor.
#
#   tests/mutation.sh                 # every area, one after the other
#   tests/mutation.sh signing auth    # only these areas (names below)
#   MUTATION_CONCURRENCY=2 tests/mutation.sh   # more test runners on a quiet machine (default 1)
#
# It works on a copy of the tree (tracked and untracked files, bin/obj left out) in a temporary folder, so the
# working tree and its build output are never touched, even when the run is interrupted: Stryker writes mutated
# assemblies into the build output it tests. Prints killed/survived per file and the score per area, writes
# summary.txt plus Stryker's HTML and JSON reports per area, says where, and exits 0 whatever the score.
set -uo pipefail
# All in one function, read whole before it runs: a checkout or merge during a long run can't change what runs.
main() {
cd "$(dirname "$0")/.."
repo="$(pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- the areas: name | project to mutate | files to mutate (globs, ';'-separated) | tests that exercise them (a vstest filter) ---
# Filters leave out the tests that start the app or a tool as a separate process (CLI, restart, outage, Django
# scripts via Faults): a mutant lives only inside the test process, so those could never kill one and only cost time.
# Method-level entries (File.cs#Method1,Method2) are turned into Stryker text spans of those methods.
areas=(
  "signing|DjangoSessions|**/Signing/*.cs;**/SessionDataCodec.cs;**/Engines/SignedCookies/SignedCookieCodec.cs|FullyQualifiedName~.Interop.|FullyQualifiedName~.Engines.SignedCookies.|FullyQualifiedName~SignedCookiesSessionEngineContractTests|FullyQualifiedName~.DbSessionEngineContractTests|FullyQualifiedName~HostileSessionCookie|FullyQualifiedName~.Signing.|FullyQualifiedName~SignatureTruncationTests|FullyQualifiedName~SignedValuePartsTests"
  "http|DjangoSessions|**/Http/*.cs;**/SessionKeys.cs|FullyQualifiedName~.Middleware.&FullyQualifiedName!~CleanupServiceTests|FullyQualifiedName~CookieNameCaseTests|FullyQualifiedName~CookieNameCaseGuardTests|FullyQualifiedName~HostileSessionCookieTests|FullyQualifiedName~SessionCookieAttributeTests|FullyQualifiedName~SessionIdInUrlTests|FullyQualifiedName~SignedCookiesMiddlewareTests|FullyQualifiedName~SignedCookieSizeTests|FullyQualifiedName~StoreOperationsPerRequestTests|FullyQualifiedName~ApiLogoutTests|FullyQualifiedName~SessionsDisabledTests|FullyQualifiedName~SessionKeyGenerationTests"
  "auth|BlazorSessionDemo|**/Auth/SessionAuthenticationHandler.cs;**/Auth/SessionAccess.cs|FullyQualifiedName~.Identity.|FullyQualifiedName~SessionAuthenticationChallengeTests|FullyQualifiedName~InactiveSessionUserTests|FullyQualifiedName~BackendPageTests|FullyQualifiedName~BackendPagePrerenderTests|FullyQualifiedName~LogoutPageTests|FullyQualifiedName~LoginReturnUrlTests|FullyQualifiedName~SessionFixationTests|FullyQualifiedName~ActiveUserCacheTests|FullyQualifiedName~AuthenticateFilterTests|FullyQualifiedName~InteractiveActionRecheckTests|FullyQualifiedName~.AdminSessions.RevocationTests|FullyQualifiedName~.Interop.SharedLogin.|FullyQualifiedName~PlaygroundIdentityKeyTests"
  "lockout|BlazorSessionDemo|**/Auth/Lockout/*.cs|FullyQualifiedName~FailureWindowLimiterTests|FullyQualifiedName~LoginThrottlePartitionTests|FullyQualifiedName~LoginThrottleTests|FullyQualifiedName~LoginAddressLimitTests|FullyQualifiedName~LoginFormThrottleTests|FullyQualifiedName~LoginEnumerationTests|FullyQualifiedName~ProxySettingsTests|FullyQualifiedName~SharedPasswordLimitTests|FullyQualifiedName~LockoutAcrossNodesTests|FullyQualifiedName~.Auth.LoginPageTests|FullyQualifiedName~DatabaseLoginFailuresTests|FullyQualifiedName~SharedLoginFailuresTests"
  "revocation|DjangoSessions|**/Catalog/SessionRevocation.cs;**/Lifecycle/SessionLifecycle.cs|FullyQualifiedName~InteractiveActionRecheckTests|FullyQualifiedName~.AdminSessions.|FullyQualifiedName~SessionInvalidation|FullyQualifiedName~.Passwords."
  "ledger|DjangoSessions.EntityFrameworkCore|**/SignedCookies/RevocationLedger.cs|FullyQualifiedName~SignedCookieRevocation|FullyQualifiedName~.Engines.SignedCookies.|FullyQualifiedName~SignedCookiesSessionEngineContractTests"
  "engines|DjangoSessions|src/DjangoSessions/Engines/Cache/CacheSessionEngine.cs#DeleteAsync;src/DjangoSessions/Engines/File/FileSessionEngine.cs#DeleteAsync,ClearExpiredAsync;src/DjangoSessions/Engines/SignedCookies/SignedCookieSessionEngine.cs#DeleteAsync;src/DjangoSessions/SessionRecord.cs#DeleteAsync,EndAsync,FlushAsync,CycleKeyAsync|FullyQualifiedName~.Contract.|FullyQualifiedName~.Engines.&FullyQualifiedName!~Outage&FullyQualifiedName!~RedisPassword"
  "db-engines|DjangoSessions.EntityFrameworkCore|src/DjangoSessions.EntityFrameworkCore/Db/DbSessionEngine.cs#DeleteAsync,ClearExpiredAsync,ClearExpiredCoreAsync;src/DjangoSessions.EntityFrameworkCore/CachedDb/CachedDbSessionEngine.cs#DeleteAsync,ClearExpiredAsync|FullyQualifiedName~.Contract.|FullyQualifiedName~.Engines.&FullyQualifiedName!~Outage&FullyQualifiedName!~RedisPassword"
  "redis|DjangoSessions.Redis|**/RedisSessionEngine.cs|FullyQualifiedName~.Contract.|FullyQualifiedName~.Engines.Redis.&FullyQualifiedName!~Outage&FullyQualifiedName!~RedisPassword"
)
# Always left out: a process of its own (see above).
exclude="FullyQualifiedName!~CliTests&FullyQualifiedName!~.Faults.&FullyQualifiedName!~RestartTests"

wanted=("$@")
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="${MUTATION_REPORT_DIR:-${TMPDIR:-/tmp}/blazorsessiondemo-mutation-$stamp}"
mkdir -p "$report"
work="$(mktemp -d)"
servers="$(mktemp -d)"
source tests/throwaway-servers.sh
stryker_pid=""
cleanup() {
  # An interrupted run: stop Stryker (and its test runners, its children) before removing the copy it works in.
  if [ -n "$stryker_pid" ]; then pkill -TERM -P "$stryker_pid" 2>/dev/null; kill "$stryker_pid" 2>/dev/null; wait "$stryker_pid" 2>/dev/null; fi
  stop_throwaway_servers
  rm -rf "$work" "$servers"
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 130' INT TERM

echo "== copying the tree to $work (the working tree is never mutated)"
git ls-files -z --cached --others --exclude-standard | grep -zv -E '(^|/)(bin|obj)/' \
  | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$work" || { echo "could not copy the tree"; exit 0; }
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty=""; [ -n "$(git status --porcelain 2>/dev/null)" ] && dirty=" (plus uncommitted changes)"

cd "$work"
dotnet tool restore >/dev/null || { echo "dotnet tool restore failed (dotnet-stryker)"; exit 0; }

# The servers test.sh starts, for the same tests: without them the redis and PostgreSQL tests fail in Stryker's
# first run, and a failing test kills no mutant.
start_throwaway_redis "$servers"
start_throwaway_postgres "$servers"

# Turns "File.cs#A,B" into "File.cs{start..end}{...}" (character spans of those methods, Stryker's span syntax).
spans() {
  /usr/bin/python3 - "$1" <<'PY'
import re, sys
path, methods = sys.argv[1].split('#')
text = open(path, encoding='utf-8').read()
out = []
for name in methods.split(','):
    for m in re.finditer(r'^[ \t]*(?:public|private|internal|protected)[^\n;{=]*\b' + re.escape(name) + r'\s*[<(]', text, re.M):
        i, depth, end, block = m.end() - 1, 0, None, None
        # The parameter list, then either a block (to its matching brace) or an expression body (to its ';').
        while i < len(text):
            c = text[i]
            if block is None and depth == 0 and text.startswith('=>', i): block = False
            if c in '({[':
                if c == '{' and depth == 0 and block is None: block = True
                depth += 1
            elif c in ')}]':
                depth -= 1
                if depth == 0 and c == '}' and block: end = i + 1; break
            elif c == ';' and depth == 0 and block is False: end = i + 1; break
            i += 1
        if end: out.append('{%d..%d}' % (m.start(), end))
        else: sys.exit('no body found for ' + name + ' in ' + path)
print('**/' + path + ''.join(out))
PY
}

summary="$report/summary.txt"
{ echo "Mutation testing, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit$dirty, Stryker.NET $(dotnet tool list --local | awk '/dotnet-stryker/ {print $2}')"; } >"$summary"
for entry in "${areas[@]}"; do
  IFS='|' read -r name project globs filter <<<"$entry"
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
  mutate=()
  IFS=';' read -ra parts <<<"$globs"
  for part in "${parts[@]}"; do
    if [[ "$part" == *"#"* ]]; then mutate+=("$(spans "$part")"); else mutate+=("$part"); fi
  done
  out="$report/$name"
  mkdir -p "$out"
  /usr/bin/python3 - "$out/stryker-config.json" "$project" "$filter" "$exclude" "${MUTATION_CONCURRENCY:-1}" "${mutate[@]}" <<'PY'
import json, sys
path, project, flt, exclude, concurrency, *mutate = sys.argv[1:]
# vstest: '&' binds tighter than '|', so the exclusions go on every alternative.
test_filter = '|'.join(f'({alt})&{exclude}' for alt in flt.split('|'))
json.dump({"stryker-config": {
    "project": project + ".csproj",
    "test-projects": ["BlazorSessionDemo.Tests.csproj"],
    "mutate": mutate,
    "test-case-filter": test_filter,
    "coverage-analysis": "perTest",
    "concurrency": int(concurrency),
    "reporters": ["json", "html", "progress"],
    "disable-bail": False,
    "thresholds": {"high": 95, "low": 80, "break": 0},
}}, open(path, 'w'), indent=2)
PY
  echo "== $name: mutating ${mutate[*]}"
  started=$(date +%s)
  ( cd "$work/BlazorSessionDemo.Tests" && exec nice -n 10 dotnet stryker --config-file "$out/stryker-config.json" \
      --output "$out/stryker" --skip-version-check ) >"$out/stryker.log" 2>&1 &
  stryker_pid=$!
  wait "$stryker_pid"; rc=$?
  stryker_pid=""
  minutes=$(( ($(date +%s) - started + 59) / 60 ))
  json="$(find "$out/stryker" -name 'mutation-report.json' 2>/dev/null | head -1)"
  if [ -z "$json" ]; then
    echo "$name: no report (Stryker exit $rc, ~$minutes min); see $out/stryker.log" | tee -a "$summary"
    tail -20 "$out/stryker.log"
    continue
  fi
  /usr/bin/python3 - "$json" "$name" "$minutes" "$work/" <<'PY' | tee -a "$summary"
import json, sys
report, name, minutes, root = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
data = json.load(open(report))
killed_states = {'Killed', 'Timeout'}
counted = killed_states | {'Survived', 'NoCoverage'}
total_k = total_n = 0
lines = []
for path, f in sorted(data['files'].items()):
    ms = f['mutants']
    k = sum(m['status'] in killed_states for m in ms)
    n = sum(m['status'] in counted for m in ms)
    other = len(ms) - n
    if n == 0:
        continue  # a file outside the area: Stryker lists its mutants as ignored
    total_k += k; total_n += n
    rel = path.replace(root, '')
    score = f'{100 * k / n:5.1f}%' if n else '    -'
    lines.append(f'  {rel}: {k} killed, {n - k} survived or not covered, {other} ignored or not compiling, score {score}')
    src = f['source'].splitlines()
    for m in ms:
        if m['status'] in ('Survived', 'NoCoverage'):
            line = m['location']['start']['line']
            lines.append(f"    {m['status'].upper()} line {line}: {m['mutatorName']}: {m.get('replacement', '')!r}  <- {src[line - 1].strip()[:100]}")
score = f'{100 * total_k / total_n:.1f}%' if total_n else '-'
print(f'{name}: {total_k}/{total_n} killed, score {score} (~{minutes} min)')
print('\n'.join(lines))
PY
done
echo
echo "Summary: $summary"
echo "Reports: $report/<area>/stryker/*/reports/mutation-report.html"
exit 0
}
main "$@"
exit 0
