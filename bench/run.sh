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
#      - the admin users list (first page, deep page, searches, filters, sorts), on SQLite and on PostgreSQL, and a
#        user's edit page with the default catalogue and then with 1,000 permissions: N requests each with curl, p50/p95
#      - the post admin (issue #17) over BENCH_POSTS posts, on SQLite and on PostgreSQL, as a superuser: list first
#        and deep page, search, filters, order, change page, a foreign key chooser over the posts: curl p50/p95
#      - the pages people use (issue #16), on SQLite and on PostgreSQL, each signed in as the right user: demo /posts
#        and /posts/{id}/edit as the demo creator, the 403 page as a user without blog.view_post, the admin users
#        list and a user's change page as a superuser: wrk rounds alternating with /bench/open, ratios per round
#
# Settings (environment): BENCH_USERS (1000000), BENCH_OBJECT_GRANTS (1000000), BENCH_DURATION (3s per wrk round),
# BENCH_ROUNDS (30), BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_REPEAT (40 curl requests per admin page, after
# BENCH_WARMUP unmeasured ones: BENCH_CONNECTIONS + 4),
# BENCH_PAGE_ROUNDS (10 rounds of the real pages per provider), BENCH_SQLITE_USERS (100000), BENCH_POSTS (1000000),
# BENCH_PROVIDERS ("Sqlite PostgreSQL": the real pages, the admins' lists on each; the rest on PostgreSQL only).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

USERS="${BENCH_USERS:-1000000}"
OBJECT_GRANTS="${BENCH_OBJECT_GRANTS:-1000000}"
POSTS="${BENCH_POSTS:-1000000}"
DURATION="${BENCH_DURATION:-3s}"
ROUNDS="${BENCH_ROUNDS:-30}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
REPEAT="${BENCH_REPEAT:-40}"
# The wrk rounds leave the site's connection pool holding up to CONNECTIONS connections, which Npgsql hands out in
# turn, and a PostgreSQL process runs its first query of a kind several times slower (it maps the shared buffers it
# reads for the first time): every pooled connection is warmed before a curl row is measured.
WARMUP="${BENCH_WARMUP:-$((CONNECTIONS + 4))}"
PAGE_ROUNDS="${BENCH_PAGE_ROUNDS:-10}"
SQLITE_USERS="${BENCH_SQLITE_USERS:-100000}"
PROVIDERS="${BENCH_PROVIDERS:-Sqlite PostgreSQL}"

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
WORK="" PG_PORT="" SITE_PID="" PROVIDER="" SQLITE_DB=""

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

make_work_dir() {
    WORK="$(mktemp -d /tmp/permissionsadmin-bench.XXXXXX)" # /tmp: the postgres user must reach it
    if is_root && id postgres >/dev/null 2>&1; then chown postgres:postgres "$WORK"; fi
    chmod 700 "$WORK"
}

start_postgres() {
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

# A query's rows ("|" between columns) on the database of the provider being measured ($PROVIDER).
db_value() {
    if [ "$PROVIDER" = Sqlite ]; then
        python3 -c 'import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(str(v) for v in row))' "$SQLITE_DB" "$1"
    else
        psql_value "$1"
    fi
}

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

stop_site() {
    kill "$SITE_PID" 2>/dev/null || true
    wait "$SITE_PID" 2>/dev/null || true
    SITE_PID=""
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

# The jar's cookies as a Cookie header value, for wrk: the sign-in cookie and, as a browser keeps it, the antiforgery
# cookie (without it, every page with a form would issue a new one, which no browser asks for after its first page).
cookie_header() {
    awk 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", sep, $6, $7; sep = "; " } END { print "" }' "$1"
}

queries_now() { curl -fs "$BASE/bench/queries"; }

# Database queries sent while serving one GET of $2 with the cookies of jar $1 (nothing else runs meanwhile).
queries_for() {
    local before after
    before="$(queries_now)"
    curl -fs -o /dev/null -b "$1" "$BASE$2"
    after="$(queries_now)"
    echo $((after - before))
}

# Kilobytes the site allocated per GET of $2 with the cookies of jar $1: the mean of 50 requests after 5 unmeasured
# ones (every thread's allocations, so nothing else may run meanwhile; the counter's own request adds well under 1 KB).
allocated_kb_for() {
    local i before after
    for i in 1 2 3 4 5; do curl -s -o /dev/null -b "$1" "$BASE$2"; done
    before="$(curl -fs "$BASE/bench/allocated")"
    for i in $(seq 1 50); do curl -s -o /dev/null -b "$1" "$BASE$2"; done
    after="$(curl -fs "$BASE/bench/allocated")"
    echo $(((after - before) / 50 / 1024))
}

# ---------------------------------------------------------------------------------------------------------------
# 5. Measurements
# ---------------------------------------------------------------------------------------------------------------
RESULTS=""
row() { RESULTS+="$*"$'\n'; }

# p50 and p95 in ms of $REPEAT GETs of $2 (after $WARMUP unmeasured ones), cookies from jar $1.
curl_timings() {
    local jar="$1" path="$2" i
    for i in $(seq 1 "$WARMUP"); do curl -fs -o /dev/null -b "$jar" "$BASE$path"; done
    for i in $(seq 1 "$REPEAT"); do curl -fs -o /dev/null -b "$jar" -w '%{time_total}\n' "$BASE$path"; done \
        | python3 -c '
import sys, statistics
ms = sorted(float(x) * 1000 for x in sys.stdin)
p95 = ms[max(0, int(round(0.95 * len(ms))) - 1)]
print(f"{statistics.median(ms):.1f} / {p95:.1f}")'
}

# The site's CPU time so far (user + system), in clock ticks.
site_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SITE_PID/stat"; }

# One wrk round of GET $1: prints "req/s p50_ms p99_ms cpu_us", cpu_us being the site's CPU time per request in the
# round. Cookies $2 (default $COOKIE); $3 = "403" for a page that answers 403 on purpose (else any non-2xx fails).
wrk_round() {
    local before output after
    before="$(site_cpu_ticks)"
    output="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: ${2:-$COOKIE}" "$BASE$1")"
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
expected = sys.argv[4] == "403"
if expected and (not non2xx or int(non2xx.group(1)) != requests): sys.exit("wrk: the page did not answer 403 to every request")
if non2xx and not expected: sys.exit("wrk: " + non2xx.group(1) + " responses were not 2xx")
p50, p99 = ms("50%"), ms("99%")
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {ticks / hz * 1e6 / requests:.1f}")' "$output" "$((after - before))" "$(getconf CLK_TCK)" "${3:-}"
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

# The pages people use (issue #16) against /bench/open, in the same alternating rounds, on the provider being
# measured and its running site. Demo /posts and a post's edit page as the demo creator (author of the sample posts,
# so the edit page is allowed by an object grant), the 403 page (the friendly error page with the layout) as a user
# without blog.view_post, the admin users list and that user's change page as the superuser benchadmin. Needs the
# seeded database and benchadmin; $1 is benchadmin's password.
measure_pages() {
    local password="$1" creator_password denied target post results="$WORK/pages-$PROVIDER.txt" line name jar path status target_ratio r i k
    creator_password="$(manage seed-demo | awk '$1 == "creator" { print $2 }')"
    [ -n "$creator_password" ] || die "seed-demo did not create the demo creator (run on a database without demo users)"
    denied="$(db_value "SELECT u.\"UserName\" || '|' || u.\"Id\" FROM \"AspNetUsers\" u WHERE u.\"IsActive\" AND NOT u.\"IsSuperuser\"
        AND NOT u.\"IsStaff\" AND NOT EXISTS (SELECT 1 FROM \"AspNetUserRoles\" m JOIN \"GroupPermissions\" g ON g.\"GroupId\" = m.\"RoleId\"
        JOIN \"Permissions\" p ON p.\"Id\" = g.\"PermissionId\" JOIN \"ContentTypes\" c ON c.\"Id\" = p.\"ContentTypeId\"
        WHERE m.\"UserId\" = u.\"Id\" AND c.\"AppLabel\" = 'blog' AND p.\"Codename\" = 'view_post') AND NOT EXISTS (SELECT 1
        FROM \"UserPermissions\" d JOIN \"Permissions\" p ON p.\"Id\" = d.\"PermissionId\" JOIN \"ContentTypes\" c ON c.\"Id\" = p.\"ContentTypeId\"
        WHERE d.\"UserId\" = u.\"Id\" AND c.\"AppLabel\" = 'blog' AND p.\"Codename\" = 'view_post') ORDER BY u.\"Id\" LIMIT 1")"
    target="${denied#*|}"; denied="${denied%%|*}"
    post="$(db_value "SELECT p.\"Id\" FROM \"Posts\" p JOIN \"AspNetUsers\" u ON u.\"Id\" = p.\"AuthorId\" WHERE u.\"UserName\" = 'creator' ORDER BY p.\"Id\" LIMIT 1")"
    # Jars of their own per provider: another site's antiforgery cookie would fail the sign-in form (400).
    local creator_jar="$WORK/$PROVIDER-creator.jar" denied_jar="$WORK/$PROVIDER-denied.jar" admin_jar="$WORK/$PROVIDER-admin.jar"
    sign_in "$creator_jar" creator "$creator_password"
    sign_in "$denied_jar" "$denied" "$password"
    sign_in "$admin_jar" benchadmin "$password"
    # name|cookie jar|path|expected status|target ratio to /bench/open (the first page is the reference; the floor has no target)
    local pages=(
        "/bench/open|$denied_jar|/bench/open||"
        "floor: the posts list's 20 rows with EF Core in the layout, nothing else|$creator_jar|/bench/floor||"
        "demo posts list, 20 rows|$creator_jar|/posts||0.25"
        "demo post edit page (object permission)|$creator_jar|/posts/$post/edit||0.25"
        "403 page (friendly, with layout)|$denied_jar|/bench/protected|403|0.5"
        "admin users list|$admin_jar|/admin/users||0.15"
        "admin user change page|$admin_jar|/admin/users/$target||0.15"
    )
    for line in "${pages[@]:1}"; do
        IFS='|' read -r name jar path status target_ratio <<<"$line"
        # The first request after signing in has a cold permission cache; the next is what every later one costs.
        row "| $PROVIDER queries: $name (\`${path/$post/ID}\`), first / warm | $(queries_for "$jar" "$path") / $(queries_for "$jar" "$path") | all of the page's database commands |"
    done
    for line in "${pages[@]}"; do
        IFS='|' read -r name jar path status target_ratio <<<"$line"
        row "| $PROVIDER allocated per request: $name (\`${path/$post/ID}\`) | $(allocated_kb_for "$jar" "$path") KB | mean of 50 warm requests, every thread |"
    done
    : >"$results"
    for line in "${pages[@]}"; do
        IFS='|' read -r name jar path status target_ratio <<<"$line"
        log "$PROVIDER wrk warm-up $path"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -H "Cookie: $(cookie_header "$jar")" "$BASE$path" >/dev/null
    done
    for r in $(seq 0 $((PAGE_ROUNDS - 1))); do
        for i in $(seq 0 $((${#pages[@]} - 1))); do
            k=$(((r + i) % ${#pages[@]}))
            IFS='|' read -r name jar path status target_ratio <<<"${pages[$k]}"
            log "$PROVIDER page round $((r + 1)) $path"
            echo "$r $k $(wrk_round "$path" "$(cookie_header "$jar")" "$status")" >>"$results"
        done
    done
    RESULTS+="$(python3 - "$results" "$PROVIDER" "$post" "${pages[@]}" <<'PY'
import random, statistics, sys
results, provider, post, pages = sys.argv[1], sys.argv[2], sys.argv[3], [p.split("|") for p in sys.argv[4:]]
rounds = {}
for line in open(results):
    r, k, rps, p50, p99, cpu = line.split()
    rounds.setdefault(int(k), {})[int(r)] = (float(rps), float(p50), float(p99), float(cpu))
def interval(values):
    rng = random.Random(1)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(4000))
    return medians[100], medians[3899]
open_rounds = rounds[0]
for k, (name, _, path, _, target) in enumerate(pages):
    path = path.replace(post, "ID") if post else path
    own = rounds[k]
    rps = statistics.median(v[0] for v in own.values())
    cpu = statistics.median(v[3] for v in own.values())
    p50 = statistics.median(v[1] for v in own.values())
    p99 = statistics.median(v[2] for v in own.values())
    if k == 0:
        print(f"| {provider}: `{path}` (reference), req/s; p50 / p99 ms; site CPU per request | {rps:.0f}; {p50:.2f} / {p99:.2f}; {cpu:.0f} µs | median of {len(own)} rounds |")
        continue
    ratios = [own[r][0] / open_rounds[r][0] for r in own if r in open_rounds]
    low, high = interval(ratios)
    median = statistics.median(ratios)
    verdict = f"target ≥ {target}: " + ("met" if median >= float(target) else "not met") if target else "no target: the floor of a list page"
    print(f"| {provider}: {name} (`{path}`) / `/bench/open` req/s | {median:.3f} ({low:.3f}–{high:.3f}) | {verdict}; "
          f"{rps:.0f} req/s, p50 / p99 {p50:.2f} / {p99:.2f} ms, site CPU {cpu:.0f} µs per request (medians of {len(ratios)} rounds) |")
PY
)"$'\n'
}

# The post admin (/admin/blog/post, issue #17) over the seeded posts, as benchadmin ($1 its password): curl p50/p95
# and queries per page. The deep page starts halfway through the newest-first list (its keyset cursor).
measure_entity_admin() {
    local jar="$WORK/entity-$PROVIDER.jar" name path middle_post deep
    sign_in "$jar" benchadmin "$1"
    middle_post="$(db_value "SELECT \"Id\" FROM \"Posts\" ORDER BY \"Id\" LIMIT 1 OFFSET $((POSTS / 2))")"
    # The keyset cursor of the middle row in the list's order (CreatedAt as .NET ticks, then the id).
    deep="$(db_value "SELECT \"CreatedAt\", \"Id\" FROM \"Posts\" ORDER BY \"CreatedAt\" DESC, \"Id\" DESC LIMIT 1 OFFSET $((POSTS / 2))" \
        | python3 -c '
import datetime, re, sys
when, key = sys.stdin.read().strip().split("|")
m = re.match(r"(\d+)-(\d+)-(\d+)[ T](\d+):(\d+):(\d+)(?:\.(\d+))?", when)
delta = datetime.datetime(*(int(x) for x in m.groups()[:6])) - datetime.datetime(1, 1, 1)
fraction = (m.group(7) or "").ljust(7, "0")[:7]
print(f"{(delta.days * 86400 + delta.seconds) * 10**7 + int(fraction)}.{key}")')"
    while IFS='|' read -r name path; do
        log "$PROVIDER post admin: $name"
        row "| $PROVIDER post admin, $POSTS posts: $name (\`$path\`) | $(curl_timings "$jar" "$path") | $(queries_for "$jar" "$path") queries; target p95 < 50 ms |"
    done <<EOF
first page|/admin/blog/post
deep page (after row $((POSTS / 2)))|/admin/blog/post?after=$deep
search, two words|/admin/blog/post?q=post+12345
search, a word in every post|/admin/blog/post?q=post
search, no match|/admin/blog/post?q=zzqx
filter published|/admin/blog/post?IsPublished=true
filter created this month|/admin/blog/post?CreatedAt=month
sorted by title|/admin/blog/post?o=Title
change page|/admin/blog/post/$middle_post
comment add page (post chosen by typing)|/admin/blog/comment/add
post suggestions for a comment|/admin/blog/comment/choices/PostId?q=post+12345
EOF
}

# The admin users list as the superuser (jar $1), on the database being measured. The deep page starts halfway,
# after user 500,000 of 1,000,000 in user-name order (page 10,000 of 50-row pages).
measure_users_list() {
    local admin="$1" users deep group empty_group email name path middle
    users="$(db_value 'SELECT count(*) FROM "AspNetUsers"')"
    middle=$((users / 2))
    email="$(db_value "SELECT \"Email\" FROM \"AspNetUsers\" WHERE \"Email\" IS NOT NULL ORDER BY \"Id\" LIMIT 1 OFFSET $middle")"
    deep="$(db_value "SELECT \"Id\" || ':' || \"NormalizedUserName\" FROM \"AspNetUsers\" ORDER BY \"NormalizedUserName\", \"Id\" LIMIT 1 OFFSET $middle")"
    group="$(db_value "SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"Name\" = 'Bench team 001'")"
    manage groups create "Bench empty" >/dev/null
    empty_group="$(db_value "SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"Name\" = 'Bench empty'")"
    # The floor every curl row stands on in this run: the small bench page through the same curl loop.
    row "| $PROVIDER baseline: \`/bench/open\` through the same curl loop | $(curl_timings "$admin" /bench/open) | what HTTP and the site cost without the list |"
    while IFS='|' read -r name path; do
        log "$PROVIDER admin users list: $name"
        row "| $PROVIDER admin users list, $users users: $name (\`$path\`) | $(curl_timings "$admin" "$path") | $(queries_for "$admin" "$path") queries; target p95 < 50 ms |"
    done <<EOF
first page|/admin/users
deep page (after user $middle)|/admin/users?after=$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))" "$deep")
search, common surname|/admin/users?q=smith
search, rare surname|/admin/users?q=novak
search, a first name late in the alphabet|/admin/users?q=yuki
search, two words|/admin/users?q=anna+sm
search, inside one e-mail in five|/admin/users?q=mail.test
search, a full e-mail|/admin/users?q=$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))" "$email")
search, no match|/admin/users?q=zzqx
filter staff|/admin/users?staff=true
filter superuser|/admin/users?superuser=true
filter group|/admin/users?group=$group
filter group without members|/admin/users?group=$empty_group
filter inactive|/admin/users?active=false
filter active|/admin/users?active=true
sorted by last login, descending|/admin/users?sort=-lastlogin
sorted by first name|/admin/users?sort=firstname
sorted by last name, descending|/admin/users?sort=-lastname
sorted by staff, descending|/admin/users?sort=-staff
sorted by superuser, descending|/admin/users?sort=-superuser
sorted by active|/admin/users?sort=active
superuser filter, sorted by e-mail|/admin/users?superuser=true&sort=email
staff filter, sorted by date joined, descending|/admin/users?staff=true&sort=-joined
common surname, inactive only|/admin/users?q=smith&active=false
common surname, staff only|/admin/users?q=smith&staff=true
common surname, sorted by first name|/admin/users?q=smith&sort=firstname
common surname, sorted by last name (its matches sit together far along that order)|/admin/users?q=smith&sort=lastname
EOF
}

# The real pages on SQLite: its own database file, seeded with BENCH_SQLITE_USERS users, and its own site.
run_sqlite() {
    local password="$1"
    PROVIDER=Sqlite
    SQLITE_DB="$WORK/bench.db"
    export Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$SQLITE_DB"
    manage migrate >/dev/null
    log "Sqlite: seed-bench --users $SQLITE_USERS --object-grants $SQLITE_USERS"
    printf '%s\n' "$password" | manage seed-bench --users "$SQLITE_USERS" --object-grants "$SQLITE_USERS" --posts "$POSTS" --password-stdin \
        | tr '\r' '\n' | grep -E 'Seeded' >&2
    PERMISSIONSADMIN_SUPERUSER_PASSWORD="$password" manage createsuperuser --username benchadmin --email benchadmin@example.com >/dev/null
    start_site
    measure_entity_admin "$password"
    measure_pages "$password"
    local admin="$WORK/sqlite-admin.jar"
    sign_in "$admin" benchadmin "$password"
    measure_users_list "$admin"
    stop_site
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
    install_dependencies

    log "dotnet build -c Release"
    dotnet build "$SITE_DIR" -c Release -v q -nologo >/dev/null
    make_work_dir
    local password
    # Identity wants an upper and a lower case letter, a digit and a symbol; the random part may lack the digit (1 run in 30).
    password="Bench-0-$(python3 -c 'import secrets; print(secrets.token_urlsafe(15))')"
    if [[ " $PROVIDERS " == *" Sqlite "* ]]; then run_sqlite "$password"; fi
    if [[ " $PROVIDERS " == *" PostgreSQL "* ]]; then run_postgres "$password"; fi

    printf '\n## Results (%s)\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
    printf 'Machine: %s, %s CPUs, %s RAM; PostgreSQL %s; .NET %s\n\n' \
        "$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)" "$(nproc)" "$(free -h | awk '/^Mem:/ { print $2 }')" \
        "$("$PG_BIN/postgres" --version | awk '{ print $3 }')" "$(dotnet --version)"
    printf '| measurement | result (curl rows: p50 / p95 ms) | notes |\n| --- | --- | --- |\n%s' "$RESULTS"
    if [ -f "$WORK/throughput.txt" ]; then
        printf '\nThroughput rounds (round, page, req/s, p50 ms, p99 ms, site CPU µs per request):\n\n```\n%s\n```\n' "$(cat "$WORK/throughput.txt")"
    fi
}

# Everything else, on PostgreSQL at BENCH_USERS: seeding time, the bench pages, the real pages, the admin list.
run_postgres() {
    local password="$1"
    PROVIDER=PostgreSQL
    start_postgres
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench
    export Database__Provider=PostgreSQL
    export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench"
    manage migrate >/dev/null

    local seed_start seed_seconds
    log "seed-bench --users $USERS --object-grants $OBJECT_GRANTS"
    seed_start=$(date +%s.%N)
    printf '%s\n' "$password" | manage seed-bench --users "$USERS" --object-grants "$OBJECT_GRANTS" --posts "$POSTS" --password-stdin \
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
    measure_entity_admin "$password"
    measure_pages "$password"

    measure_users_list "$admin"
    local target middle=$((USERS / 2))
    target="$(psql_value "SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"UserName\" = '$reader'")"
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
}

main "$@"
