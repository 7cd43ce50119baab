#!/usr/bin/env bash
# The one test command: run it from anywhere as `scripts/test.sh [extra dotnet test args]`.
#
#   1. installs what the tests need if missing (Debian: postgresql, chromium-headless-shell; needs root)
#   2. checks that every C# file has LF line ends and a final newline (the build checks the rest of the
#      formatting: IDE0055 is an error there, see .editorconfig; `dotnet format PermissionsAdmin.sln` fixes both)
#   3. starts a throwaway PostgreSQL on 127.0.0.1, its files in memory (/dev/shm) when there is room (stopped and
#      deleted on exit)
#   4. builds, writes the SQL Server migration script with `dotnet ef migrations script --idempotent`
#      (TestResults/sqlserver-migrations.sql; no SQL Server runs here, the tests check the script), and
#      runs `dotnet test PermissionsAdmin.sln` (extra arguments are passed through,
#      e.g. scripts/test.sh --filter "FullyQualifiedName~Groups")
#   5. prints skipped tests with reasons, failed tests with their messages, and last the line `N passed, N failed, N skipped`
#
# Environment given to the tests:
#   PERMISSIONSADMIN_TEST_POSTGRES     Npgsql connection string of a superuser (no database; tests create their own)
#   PERMISSIONSADMIN_REQUIRE_ALL_TESTS 1: tests fail instead of skipping when a dependency is missing
#   PERMISSIONSADMIN_CHROMIUM          path of the Chromium binary for browser tests
#   PERMISSIONSADMIN_SQLSERVER_SCRIPT  the SQL Server script dotnet ef wrote (step 4)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

SOLUTION="PermissionsAdmin.sln"
# Chromium's headless shell, as Playwright runs headless: a third less CPU than the full browser for the same tests.
CHROMIUM_BIN="/usr/lib/chromium/chromium-headless-shell"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------
# 1. Dependencies
# ---------------------------------------------------------------------------
find_pg_bin() {
    # Newest installed PostgreSQL server binaries (Debian layout), or nothing.
    local d
    for d in /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/pg_isready" ]; then echo "$d"; fi
    done | sort -V | tail -n 1
}

install_dependencies() {
    local missing=()
    [ -n "$(find_pg_bin)" ] || missing+=(postgresql)
    [ -x "$CHROMIUM_BIN" ] || missing+=(chromium-headless-shell)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)

    if [ "${#missing[@]}" -gt 0 ]; then
        if ! is_root; then
            die "missing Debian packages: ${missing[*]}. Install them first:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}
or run this script as root."
        fi
        log "installing missing packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi

    PG_BIN="$(find_pg_bin)"
    [ -n "$PG_BIN" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
    [ -x "$CHROMIUM_BIN" ] || die "$CHROMIUM_BIN not found (Debian package 'chromium-headless-shell')"
    command -v dotnet >/dev/null 2>&1 || die "the 'dotnet' command (.NET 10 SDK) is not on PATH"
}

# ---------------------------------------------------------------------------
# 2. What the build's formatting check leaves out
# ---------------------------------------------------------------------------
# `dotnet format --verify-no-changes` took 90 s here; the build checks the same C# formatting (IDE0055) as it compiles.
check_line_ends() {
    python3 - <<'PY'
import pathlib, sys
bad = [str(f) for root in ("src", "tests") for f in pathlib.Path(root).rglob("*.cs")
       if not {"bin", "obj"} & set(f.parts)
       and (b"\r" in (text := f.read_bytes()) or (text and not text.endswith(b"\n")))]
for f in bad: print(f"{f}: a CR line end, or no newline at the end", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

# ---------------------------------------------------------------------------
# 3. Throwaway PostgreSQL
# ---------------------------------------------------------------------------
PG_TMP=""
PG_PORT=""
PG_STARTED=0

# Run a PostgreSQL command as a user allowed to own a cluster (never root).
as_pg_user() {
    if is_root; then
        # runuser lives in /usr/sbin (util-linux), which a root PATH may lack.
        local runuser
        runuser="$(PATH="$PATH:/usr/sbin:/sbin" command -v runuser)" || die "runuser (util-linux) not found"
        (cd "$PG_TMP" && "$runuser" -u postgres -- "$@")
    else
        (cd "$PG_TMP" && "$@")
    fi
}

port_in_use() {
    # Something accepting connections on 127.0.0.1:$1?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_postgres() {
    # Silent: nothing may be printed after the closing summary line.
    if [ -n "$PG_TMP" ] && { [ "$PG_STARTED" = 1 ] || [ -f "$PG_TMP/data/postmaster.pid" ]; }; then
        as_pg_user "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
        PG_STARTED=0
    fi
    if [ -n "$PG_TMP" ] && [ -d "$PG_TMP" ]; then
        rm -rf "$PG_TMP" >/dev/null 2>&1 || true
    fi
    PG_TMP=""
}

# Where the throwaway cluster lives: /dev/shm when it is a tmpfs with 2 GiB free (a test run peaks near 200 MB),
# else /tmp; not $TMPDIR, which the postgres user may not reach. The tests make and empty databases all the time (each
# TRUNCATE makes new files), and on this machine's disk file system PostgreSQL took 69-80 core-seconds of the test run
# instead of 47-53, most of the difference in the kernel.
pg_parent_dir() {
    local free_kb
    free_kb="$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')"
    if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ "${free_kb:-0}" -ge $((2 * 1024 * 1024)) ]; then
        echo /dev/shm
    else
        echo /tmp
    fi
}

start_postgres() {
    PG_TMP="$(mktemp -d "$(pg_parent_dir)/permissionsadmin-pg.XXXXXX")"
    if is_root; then
        id -u postgres >/dev/null 2>&1 || die "system user 'postgres' missing (it comes with the Debian 'postgresql' package)"
        chown postgres:postgres "$PG_TMP"
    fi
    chmod 700 "$PG_TMP"
    as_pg_user mkdir -p "$PG_TMP/sock"

    log "initdb in $PG_TMP (PostgreSQL $(basename "$(dirname "$PG_BIN")"))"
    if ! as_pg_user "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
        >"$PG_TMP/initdb.log" 2>&1; then
        cat "$PG_TMP/initdb.log" >&2
        die "initdb failed"
    fi

    local port=25432 attempts=0
    while :; do
        [ "$port" -lt 32768 ] || die "no free port found for PostgreSQL between 25432 and 32767"
        if port_in_use "$port"; then
            port=$((port + 1))
            continue
        fi
        attempts=$((attempts + 1))
        # Throwaway data: durability off for speed.
        if as_pg_user "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -w -t 60 \
            -o "-p $port -k $PG_TMP/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null 2>&1; then
            PG_STARTED=1
            break
        fi
        # Most likely lost a race for the port; try the next one a few times.
        if [ "$attempts" -ge 5 ]; then
            cat "$PG_TMP/postgres.log" >&2 2>/dev/null || true
            die "could not start PostgreSQL"
        fi
        port=$((port + 1))
    done
    PG_PORT="$port"

    local i
    for i in $(seq 1 60); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1; then
            log "PostgreSQL ready on 127.0.0.1:$PG_PORT"
            return 0
        fi
        sleep 0.5
    done
    cat "$PG_TMP/postgres.log" >&2 2>/dev/null || true
    die "PostgreSQL did not become ready on 127.0.0.1:$PG_PORT"
}

clean_up() {
    # Silent, as stop_postgres.
    dotnet build-server shutdown --vbcscompiler >/dev/null 2>&1 || true
    stop_postgres
}

# ---------------------------------------------------------------------------
# 5. Summary from the .trx files
# ---------------------------------------------------------------------------
# Prints skipped tests with reasons, then as the last line `N passed, N failed, N skipped`.
# Returns 0 if at least one test was executed and none failed (by the trx counts).
summarize_trx() {
    python3 - "$1" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET

results_dir = sys.argv[1]
files = sorted(glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True))
passed = failed = skipped = executed = 0
skips = []
failures = []
unreadable = []

def local(tag):
    return tag.rsplit("}", 1)[-1]

for path in files:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        unreadable.append(f"{path}: {e}")
        continue
    file_skips = []
    for el in root.iter():
        if local(el.tag) == "UnitTestResult" and el.get("outcome") == "NotExecuted":
            reason = ""
            for tag in ("Message", "StdOut"):
                for sub in el.iter():
                    if local(sub.tag) == tag and (sub.text or "").strip():
                        reason = " ".join(sub.text.split())
                        break
                if reason:
                    break
            file_skips.append((el.get("testName", "?"), reason))
    skips += file_skips
    for el in root.iter():
        if local(el.tag) == "UnitTestResult" and el.get("outcome") in ("Failed", "Error", "Timeout", "Aborted"):
            message = next((" ".join(sub.text.split()) for sub in el.iter()
                            if local(sub.tag) == "Message" and (sub.text or "").strip()), "")
            failures.append((el.get("testName", "?"), message[:400]))
    for el in root.iter():
        if local(el.tag) == "Counters":
            a = {k: int(v) for k, v in el.attrib.items() if v.isdigit()}
            passed += a.get("passed", 0)
            failed += sum(a.get(k, 0) for k in ("failed", "error", "timeout", "aborted"))
            executed += a.get("executed", 0)
            # VSTest leaves notExecuted at 0 for skipped tests (total - executed holds them).
            skipped += max(len(file_skips), a.get("notExecuted", 0),
                           a.get("total", 0) - a.get("executed", 0))
            break

for u in unreadable:
    print(f"could not read trx file {u}")
    failed += 1

if skips:
    print(f"Skipped tests ({len(skips)}):")
    for name, reason in sorted(skips):
        print(f"  - {name}" + (f": {reason}" if reason else ""))

if not files:
    print("No test results (.trx) were produced: the build or the test run failed before any test ran.")
    print("0 passed, 1 failed, 0 skipped")
    sys.exit(1)
if executed == 0 and passed == 0 and failed == 0:
    print("No test was executed.")
    print(f"0 passed, 1 failed, {skipped} skipped")
    sys.exit(1)

# Last before the count, so a log cut to its tail still names what failed and why.
if failures:
    print(f"Failed tests ({len(failures)}):")
    for name, message in sorted(failures):
        print(f"  - {name}" + (f": {message}" if message else ""))

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
}

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
main() {
    trap clean_up EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP

    install_dependencies

    log "line ends of the C# files"
    if ! check_line_ends; then
        echo "Fix them with:  dotnet format $SOLUTION" >&2
        echo "0 passed, 1 failed, 0 skipped"
        exit 1
    fi

    start_postgres

    export PERMISSIONSADMIN_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Include Error Detail=true"
    export PERMISSIONSADMIN_REQUIRE_ALL_TESTS=1
    export PERMISSIONSADMIN_CHROMIUM="$CHROMIUM_BIN"

    # Fresh each run; kept afterwards for inspection (TestResults/ is gitignored).
    RESULTS="$REPO_ROOT/TestResults"
    rm -rf "$RESULTS"
    mkdir -p "$RESULTS"

    # Roslyn's compiler server compiles every project of the build, and the app the consumer-app test makes, in one
    # warm process, even where the machine turns it off (UseSharedCompilation=false): the build took 48 s instead of
    # 75. It is stopped on exit.
    export UseSharedCompilation=true
    # The test processes, the CLI processes they start and Chromium share two cores, fully busy: a .NET thread pool
    # worker that spins before it sleeps, waiting for work, takes a core another process needed. Not spinning, the test
    # run took 510 core-seconds instead of 546 (the CLI processes 49 instead of 68) and 293 s instead of 312 (one run each).
    export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
    # .NET writes the code it compiles at run time through a second, writable mapping of the page (W^X, on by default),
    # so that no page is both writable and executable: a hardening for production, which here cost the test processes
    # a seventh of their CPU (each site compiles its own action invokers and view activators). Without it
    # the admin tests took 42 core-seconds instead of 49.
    export DOTNET_EnableWriteXorExecute=0
    log "dotnet build $SOLUTION"
    if ! dotnet build "$SOLUTION"; then
        echo "0 passed, 1 failed, 0 skipped"
        exit 1
    fi
    # No SQL Server runs here: its migrations are checked through the script dotnet ef makes of them, which
    # tests/PermissionsAdmin.Web.Tests/Migrations/SqlServerScriptTests.cs reads from this file.
    log "dotnet ef migrations script --idempotent --context SqlServerAppDbContext"
    export PERMISSIONSADMIN_SQLSERVER_SCRIPT="$RESULTS/sqlserver-migrations.sql"
    if ! { dotnet tool restore && dotnet ef migrations script --idempotent --no-build --project src/PermissionsAdmin.Web \
        --context SqlServerAppDbContext --output "$PERMISSIONSADMIN_SQLSERVER_SCRIPT"; }; then
        echo "0 passed, 1 failed, 0 skipped"
        exit 1
    fi

    log "dotnet test $SOLUTION $* (results in $RESULTS)"
    set +e
    dotnet test "$SOLUTION" --no-build --logger "trx" --results-directory "$RESULTS" "$@"
    TEST_RC=$?
    set -e

    SUMMARY_RC=0
    summarize_trx "$RESULTS" || SUMMARY_RC=$?

    if [ "$TEST_RC" -ne 0 ]; then
        exit "$TEST_RC"
    fi
    exit "$SUMMARY_RC"
}

# Sourcing the file (for debugging) only defines the functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
