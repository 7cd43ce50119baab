#!/usr/bin/env bash
# The scenario benchmark of issue #6, from a fresh clone: `bench/run.sh` (not part of CI; about 10 minutes on 2 cores).
#
#   1. installs what it needs if missing (Debian: postgresql, wrk, curl, python3; needs root, else prints the
#      apt-get line) - the .NET 10 SDK must already be on PATH
#   2. builds the site in Release and starts a throwaway PostgreSQL on 127.0.0.1 (port 26000 or the next free one;
#      stopped and deleted on exit)
#   3. migrates, then times `seed-bench` (1,000,000 users, 1,000,000 object grants)
#   4. starts the site (Release, PostgreSQL, Bench:Enabled=true) and signs in with curl (antiforgery token + form)
#   5. measures, and prints a Markdown results table:
#      - wrk against /bench/open, /bench/signed-in and /bench/protected (the same page open, behind [Authorize] and
#        behind [PermissionRequired]), alternating rounds in one run: req/s ratios, p50/p99, site CPU per request
#      - database queries per request (warm and first request) on the protected page and on the 20-check page
#      - the admin users list (first page, deep page, searches, filters) and a user's edit page with the default
#        catalogue and then with 1,000 permissions: N requests each with curl, p50/p95
#
# Settings (environment): BENCH_USERS (1000000), BENCH_OBJECT_GRANTS (1000000), BENCH_DURATION (3s per wrk round),
# BENCH_ROUNDS (30), BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_REPEAT (40 curl requests per admin page).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

USERS="${BENCH_USERS:-1000000}"
OBJECT_GRANTS="${BENCH_OBJECT_GRANTS:-1000000}"
DURATION="${BENCH_DURATION:-3s}"
ROUNDS="${BENCH_ROUNDS:-30}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
REPEAT="${BENCH_REPEAT:-40}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------------------------------------------
# 1. Dependencies
# ---------------------------------------------------------------------------------------------------------------
find_pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; fi
    done | sort -V | tail -n 1
}

install_dependencies() {
    local missing=()
    [ -n "$(find_pg_bin)" ] || missing+=(postgresql)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    if [ "${#missing[@]}" -gt 0 ]; then
        is_root || die "missing Debian packages: ${missing[*]}. Install them first:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
        log "installing missing packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
    command -v dotnet >/dev/null 2>&1 || die "the 'dotnet' command (.NET 10 SDK) is not on PATH"
    PG_BIN="$(find_pg_bin)"
}

# ---------------------------------------------------------------------------------------------------------------
# 2. Throwaway PostgreSQL and the site
# ---------------------------------------------------------------------------------------------------------------
WORK="" PG_PORT="" SITE_PID=""

as_pg_user() {
    if is_root; then
        (cd "$WORK" && "$(PATH="$PATH:/usr/sbin:/sbin" command -v runuser)" -u postgres -- "$@")
    else
        (cd "$WORK" && "$@")
    fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port="$1"
    while port_in_use "$port"; do port=$((port + 1)); done
    echo "$port"
}

cleanup() {
    if [ -n "$SITE_PID" ]; then kill "$SITE_PID" 2>/dev/null || true; wait "$SITE_PID" 2>/dev/null || true; fi
    if [ -n "$WORK" ] && [ -f "$WORK/data/postmaster.pid" ]; then
        as_pg_user "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$WORK" ]; then rm -rf "$WORK"; fi
}

start_postgres() {
    WORK="$(mktemp -d /tmp/permissionsadmin-bench.XXXXXX)" # /tmp: the postgres user must reach it
    if is_root; then chown postgres:postgres "$WORK"; fi
    chmod 700 "$WORK"
    # C.UTF-8 rather than C: a collation where LIKE cannot use a plain index, as on most real servers.
    as_pg_user "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
    PG_PORT="$(free_port 26000)"
    # Default durability; a shared_buffers that holds the users table, as a server for this many users would.
    as_pg_user "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w -t 60 \
        -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=200" start >/dev/null \
        || { cat "$WORK/postgres.log" >&2; die "could not start PostgreSQL"; }
    log "PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$PG_PORT"
}

psql_value() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -tAc "$1"; }

SITE_DIR="$REPO_ROOT/src/PermissionsAdmin.Web"
SITE_DLL="$SITE_DIR/bin/Release/net10.0/PermissionsAdmin.Web.dll"

manage() { (cd "$SITE_DIR" && dotnet "$SITE_DLL" "$@"); }

start_site() {
    SITE_PORT="$(free_port 5090)"
    BASE="http://127.0.0.1:$SITE_PORT"
    (cd "$SITE_DIR" && exec env Bench__Enabled=true ASPNETCORE_URLS="$BASE" Logging__LogLevel__Default=Warning \
        dotnet "$SITE_DLL" >"$WORK/site.log" 2>&1) &
    SITE_PID=$!
    local i
    for i in $(seq 1 120); do
        if curl -fs "$BASE/bench/queries" >/dev/null 2>&1; then log "site on $BASE"; return 0; fi
        kill -0 "$SITE_PID" 2>/dev/null || { cat "$WORK/site.log" >&2; die "the site stopped"; }
        sleep 0.5
    done
    die "the site did not answer on $BASE"
}

# Signs in through the real form (antiforgery token and cookie from the GET), leaving the cookies in jar $1.
sign_in() {
    local jar="$1" user="$2" password="$3" token status
    token="$(curl -fs -c "$jar" -b "$jar" "$BASE/account/login" \
        | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
    status="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -X POST "$BASE/account/login" \
        --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "UserNameOrEmail=$user" \
        --data-urlencode "Password=$password")"
    [ "$status" = 302 ] || die "signing in as $user answered $status"
}

# The sign-in cookie as a Cookie header value, for wrk.
cookie_header() { awk '$6 == ".AspNetCore.Identity.Application" { print $6 "=" $7 }' "$1"; }

queries_now() { curl -fs "$BASE/bench/queries"; }

# Database queries sent while serving one GET of $2 with the cookies of jar $1 (nothing else runs meanwhile).
queries_for() {
    local before after
    before="$(queries_now)"
    curl -fs -o /dev/null -b "$1" "$BASE$2"
    after="$(queries_now)"
    echo $((after - before))
}

# ---------------------------------------------------------------------------------------------------------------
# 5. Measurements
# ---------------------------------------------------------------------------------------------------------------
RESULTS=""
row() { RESULTS+="$*"$'\n'; }

# p50 and p95 in ms of $REPEAT GETs of $2 (after 3 unmeasured ones), cookies from jar $1.
curl_timings() {
    local jar="$1" path="$2" i
    for i in 1 2 3; do curl -fs -o /dev/null -b "$jar" "$BASE$path"; done
    for i in $(seq 1 "$REPEAT"); do curl -fs -o /dev/null -b "$jar" -w '%{time_total}\n' "$BASE$path"; done \
        | python3 -c '
import sys, statistics
ms = sorted(float(x) * 1000 for x in sys.stdin)
p95 = ms[max(0, int(round(0.95 * len(ms))) - 1)]
print(f"{statistics.median(ms):.1f} / {p95:.1f}")'
}

# The site's CPU time so far (user + system), in clock ticks.
site_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SITE_PID/stat"; }

# One wrk round: prints "req/s p50_ms p99_ms cpu_us", cpu_us being the site's CPU time per request in the round.
wrk_round() {
    local before output after
    before="$(site_cpu_ticks)"
    output="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$BASE$1")"
    after="$(site_cpu_ticks)"
    python3 -c '
import re, sys
text, ticks, hz = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
requests = int(re.search(r"(\d+) requests in", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if non2xx: sys.exit("wrk: " + non2xx.group(1) + " responses were not 2xx")
p50, p99 = ms("50%"), ms("99%")
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {ticks / hz * 1e6 / requests:.1f}")' "$output" "$((after - before))" "$(getconf CLK_TCK)"
}

# Throughput of the same small page open, behind [Authorize] and behind [PermissionRequired]. Rounds alternate the
# pages, each round starting with the next page, so drift over the run falls on all three alike.
measure_throughput() {
    local pages=(open signed-in protected) page r i results="$WORK/throughput.txt"
    : >"$results"
    for page in "${pages[@]}"; do
        log "wrk warm-up /bench/$page"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Cookie: $COOKIE" "$BASE/bench/$page" >/dev/null
    done
    for r in $(seq 0 $((ROUNDS - 1))); do
        for i in 0 1 2; do
            page="${pages[$(((r + i) % 3))]}"
            log "wrk round $((r + 1)) /bench/$page ($DURATION, $CONNECTIONS connections, $THREADS threads)"
            echo "$r $page $(wrk_round "/bench/$page")" >>"$results"
        done
    done
    RESULTS+="$(python3 - "$results" <<'PY'
import random, statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    r, page, rps, p50, p99, cpu = line.split()
    rounds.setdefault(page, []).append((int(r), float(rps), float(p50), float(p99), float(cpu)))
def column(page, i): return [row[i] for row in sorted(rounds[page])]
def median(page, i): return statistics.median(column(page, i))
def interval(values):
    # 95% bootstrap interval of the median (fixed seed: the same rounds give the same interval)
    rng = random.Random(1)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(4000))
    return medians[100], medians[3899]
labels = {"open": "/bench/open (no check)", "signed-in": "/bench/signed-in ([Authorize], ASP.NET Core alone)",
          "protected": "/bench/protected ([PermissionRequired])"}
for page, label in labels.items():
    values = column(page, 1)
    print(f"| {label}, req/s | {median(page, 1):.0f} | median of {len(values)} rounds ({min(values):.0f}–{max(values):.0f}) |")
for page in ("signed-in", "protected"):
    paired = [p / o for p, o in zip(column(page, 1), column("open", 1))]
    low, high = interval(paired)
    target = "target ≥ 0.95; " if page == "protected" else ""
    print(f"| {page} / open req/s | {statistics.median(paired):.3f} | {target}median of the rounds' ratios, 95% interval "
          f"{low:.3f}–{high:.3f}; ratio of the medians {median(page, 1) / median('open', 1):.3f} |")
for page, label in labels.items():
    print(f"| {label}: p50 / p99 ms, site CPU µs per request | {median(page, 2):.2f} / {median(page, 3):.2f}, "
          f"{median(page, 4):.1f} µs | medians of the rounds |")
PY
)"$'\n'
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
    install_dependencies

    log "dotnet build -c Release"
    dotnet build "$SITE_DIR" -c Release -v q -nologo >/dev/null
    start_postgres
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench
    export Database__Provider=PostgreSQL
    export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench"
    manage migrate >/dev/null

    local password seed_start seed_seconds
    password="Bench-$(python3 -c 'import secrets; print(secrets.token_urlsafe(15))')" # Identity wants a symbol
    log "seed-bench --users $USERS --object-grants $OBJECT_GRANTS"
    seed_start=$(date +%s.%N)
    printf '%s\n' "$password" | manage seed-bench --users "$USERS" --object-grants "$OBJECT_GRANTS" --password-stdin \
        | tr '\r' '\n' | grep -E '100%|Seeded|done' >&2
    seed_seconds=$(python3 -c "print(f'{$(date +%s.%N) - $seed_start:.0f}')")
    export PERMISSIONSADMIN_SUPERUSER_PASSWORD="$password"
    manage createsuperuser --username benchadmin --email benchadmin@example.com >/dev/null

    # Active users who hold blog.view_post through a group, neither superuser nor staff: two, for two cold caches.
    local readers reader second_reader
    readers="$(psql_value "SELECT u.\"UserName\" FROM \"AspNetUsers\" u WHERE u.\"IsActive\" AND NOT u.\"IsSuperuser\"
        AND NOT u.\"IsStaff\" AND EXISTS (SELECT 1 FROM \"AspNetUserRoles\" m JOIN \"GroupPermissions\" g ON g.\"GroupId\" = m.\"RoleId\"
        JOIN \"Permissions\" p ON p.\"Id\" = g.\"PermissionId\" JOIN \"ContentTypes\" c ON c.\"Id\" = p.\"ContentTypeId\"
        WHERE m.\"UserId\" = u.\"Id\" AND c.\"AppLabel\" = 'blog' AND p.\"Codename\" = 'view_post') ORDER BY u.\"Id\" LIMIT 2")"
    reader="$(sed -n 1p <<<"$readers")"; second_reader="$(sed -n 2p <<<"$readers")"

    start_site
    local jar="$WORK/reader.jar" jar2="$WORK/reader2.jar" admin="$WORK/admin.jar"
    sign_in "$jar" "$reader" "$password"
    sign_in "$jar2" "$second_reader" "$password"
    sign_in "$admin" benchadmin "$password"
    COOKIE="$(cookie_header "$jar")"

    row "| seed-bench: $USERS users, $OBJECT_GRANTS object grants (+ memberships, grants, posts) | ${seed_seconds} s | wall clock, including migrate check and ANALYZE |"
    row "| queries: /bench/protected, first request after sign-in | $(queries_for "$jar" /bench/protected) | target ≤ 1 |"
    row "| queries: /bench/protected, warm | $(queries_for "$jar" /bench/protected) | target 0 |"
    row "| queries: /bench/checks (20 checks), first request after sign-in | $(queries_for "$jar2" /bench/checks) | target ≤ 1 |"
    row "| queries: /bench/checks (20 checks), warm | $(queries_for "$jar2" /bench/checks) | target 0 |"
    measure_throughput

    # The admin users list as the superuser. The deep page starts halfway, after user 500,000 of 1,000,000 in
    # user-name order (page 10,000 of 50-row pages).
    local deep group target middle=$((USERS / 2))
    deep="$(psql_value "SELECT \"Id\" || ':' || \"NormalizedUserName\" FROM \"AspNetUsers\" ORDER BY \"NormalizedUserName\", \"Id\" OFFSET $middle LIMIT 1")"
    group="$(psql_value "SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"Name\" = 'Bench team 001'")"
    target="$(psql_value "SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"UserName\" = '$reader'")"
    local name path
    # The floor every curl row stands on in this run: the small bench page through the same curl loop.
    row "| baseline: \`/bench/open\` through the same curl loop | $(curl_timings "$admin" /bench/open) | what HTTP and the site cost without the list |"
    while IFS='|' read -r name path; do
        log "admin: $name"
        row "| admin users list: $name (\`$path\`) | $(curl_timings "$admin" "$path") | $(queries_for "$admin" "$path") queries |"
    done <<EOF
first page|/admin/users
deep page (after user $middle)|/admin/users?after=$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))" "$deep")
search, common surname|/admin/users?q=smith
search, rare surname|/admin/users?q=novak
search, two words|/admin/users?q=anna+sm
filter staff|/admin/users?staff=true
filter superuser|/admin/users?superuser=true
filter group|/admin/users?group=$group
sorted by last login, descending|/admin/users?sort=-lastlogin
EOF
    local old_offset
    old_offset="$(psql_value "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM \"AspNetUsers\" ORDER BY \"NormalizedUserName\", \"Id\" LIMIT 51 OFFSET $middle" \
        | python3 -c 'import json, sys; print(round(json.load(sys.stdin)[0]["Execution Time"]))')"
    row "| reference: the former OFFSET query for that deep page, SQL alone | $old_offset ms | EXPLAIN ANALYZE |"

    local size
    size="$(curl -fs -b "$admin" "$BASE/admin/users/$target" | wc -c)"
    row "| user edit page, catalogue of $(psql_value 'SELECT count(*) FROM "Permissions"') permissions (\`/admin/users/$target\`) | $(curl_timings "$admin" "/admin/users/$target") | $((size / 1024)) KB |"
    log "growing the catalogue to 1,000 permissions"
    manage seed-bench --force --users 0 --groups 0 --object-grants 0 --permissions 1000 --password-stdin <<<"$password" >/dev/null
    size="$(curl -fs -b "$admin" "$BASE/admin/users/$target" | wc -c)"
    row "| user edit page, catalogue of $(psql_value 'SELECT count(*) FROM "Permissions"') permissions | $(curl_timings "$admin" "/admin/users/$target") | $((size / 1024)) KB |"

    printf '\n## Results (%s)\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
    printf 'Machine: %s, %s CPUs, %s RAM; PostgreSQL %s; .NET %s\n\n' \
        "$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)" "$(nproc)" "$(free -h | awk '/^Mem:/ { print $2 }')" \
        "$(psql_value 'SHOW server_version')" "$(dotnet --version)"
    printf '| measurement | result (curl rows: p50 / p95 ms) | notes |\n| --- | --- | --- |\n%s' "$RESULTS"
    printf '\nThroughput rounds (round, page, req/s, p50 ms, p99 ms, site CPU µs per request):\n\n```\n%s\n```\n' "$(cat "$WORK/throughput.txt")"
}

main "$@"
