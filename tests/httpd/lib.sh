# tests/httpd/lib.sh -- start a throwaway Apache (Debian apache2 binary,
# generated config, 127.0.0.1, free ports, temp dir) and assert on real
# HTTP responses.  Sourced by tests/httpd/run and tests/bench.
#
# Protocol: "ok - NAME" / "not ok - NAME" lines; ss_summary prints the
# suite's last line.

SS_SRC=${SS_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SS_BUILD=${SS_BUILD:-$SS_SRC/build}
SS_MOD=${SS_MOD:-$SS_BUILD/mod_samesite/.libs/mod_samesite.so}
MODDIR=$(apxs -q LIBEXECDIR 2>/dev/null || echo /usr/lib/apache2/modules)
PASS=0
FAIL=0

ok() { PASS=$((PASS + 1)); echo "ok - $1"; }
notok() {
    FAIL=$((FAIL + 1)); echo "not ok - $1"
    shift; [ $# -gt 0 ] && printf '    %s\n' "$@"
    return 0
}
ss_summary() { echo "$1: $PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# load_modules MPM NAME... -> LoadModule lines for the Debian modules.
load_modules() {
    local mpm=$1 m; shift
    echo "LoadModule mpm_${mpm}_module $MODDIR/mod_mpm_${mpm}.so"
    for m in "$@"; do
        # modules compiled into Debian's apache2 (log_config, ...) have no .so
        [ -f "$MODDIR/mod_${m}.so" ] && echo "LoadModule ${m}_module $MODDIR/mod_${m}.so"
    done
}

# httpd_preamble TMPDIR -> ServerRoot, pid, logs, mutexes, user.
httpd_preamble() {
    local t=$1
    cat <<EOF
ServerRoot "$t"
PidFile $t/httpd.pid
ErrorLog $t/error.log
Mutex file:$t default
DefaultRuntimeDir $t
TypesConfig /etc/mime.types
ServerName localhost
EOF
    if [ "$(id -u)" -eq 0 ]; then
        printf 'User www-data\nGroup www-data\n'
    fi
}

# httpd_start CONF [extra args] -> sets HTTPD_PID; waits until it answers
# on $HTTPD_PORT.  Stopped by httpd_stop (by pid).
httpd_start() {
    local conf=$1; shift
    # own session: prefork signals its whole process group on shutdown
    setsid apache2 -f "$conf" -DFOREGROUND "$@" >"$(dirname "$conf")/stdout" 2>&1 &
    HTTPD_PID=$!
    local i
    for i in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$HTTPD_PORT/" && return 0
        kill -0 "$HTTPD_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "# apache did not start:"; sed 's/^/#   /' "$(dirname "$conf")/stdout" "$(dirname "$conf")/error.log" 2>/dev/null | tail -20
    return 1
}

httpd_stop() {
    [ -n "${HTTPD_PID:-}" ] || return 0
    kill -TERM "$HTTPD_PID" 2>/dev/null
    local i
    for i in $(seq 100); do
        kill -0 "$HTTPD_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$HTTPD_PID" 2>/dev/null
    wait "$HTTPD_PID" 2>/dev/null
    HTTPD_PID=
}

# req HOST PATH [curl args...] -> headers in $H (CR stripped), body in $BODY,
# status in $STATUS.
req() {
    local host=$1 path=$2; shift 2
    local out
    out=$(curl -s -D - -o "$T/body" -H "Host: $host" "$@" \
          "http://127.0.0.1:$HTTPD_PORT$path" | tr -d '\r')
    H=$out
    BODY=$(cat "$T/body" 2>/dev/null)
    STATUS=$(printf '%s\n' "$H" | awk 'NR==1{print $2}')
}

# hdr NAME -> every value of the header NAME in $H (one per line).
hdr() {
    printf '%s\n' "$H" | awk -v n="$(echo "$1" | tr 'A-Z' 'a-z')" '
        { i = index($0, ":"); if (i > 0 && tolower(substr($0, 1, i - 1)) == n) print substr($0, i + 2) }'
}
hdr_count() { hdr "$1" | grep -c . ; }

# expect NAME ACTUAL EXPECTED
expect() {
    if [ "$2" == "$3" ]; then ok "$1"; else notok "$1" "expected: $3" "got:      $2"; fi
}
# expect_match NAME ACTUAL GLOB
expect_match() {
    # shellcheck disable=SC2053
    if [[ "$2" == $3 ]]; then ok "$1"; else notok "$1" "expected to match: $3" "got: $2"; fi
}
