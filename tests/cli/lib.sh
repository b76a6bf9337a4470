# lib.sh - helpers for the command-line tests. Source it; it prints TAP lines.
#
#   STOCKTAKE   the program under test (set by scripts/run-tests)
#   T           a fresh temporary directory, removed at exit
#   ok NAME CMD...         passes when CMD exits 0
#   fails NAME CMD...      passes when CMD exits non-zero
#   check NAME             passes when the previous `run` matched everything asked of it
#   run CMD...             runs CMD, keeping its exit status in $RC, stdout in $OUT, stderr in $ERR
#   finish                 ends the script (exit 1 when any test failed)
set -u
: "${STOCKTAKE:?set STOCKTAKE to the program under test}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T=$(mktemp -d /tmp/stocktake-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$ROOT" || exit 2
N=0
FAILED=0

pass() { N=$((N + 1)); echo "ok $N - $1"; }
fail() {
	N=$((N + 1))
	FAILED=$((FAILED + 1))
	echo "not ok $N - $1"
	shift
	for line in "$@"; do echo "# $line"; done
}

run() {
	"$@" >"$T/.out" 2>"$T/.err"
	RC=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
}

# expect NAME STATUS [PATTERN_IN_OUTPUT] [PATTERN_IN_STDERR]: checks the last run.
# STATUS is a number or "nonzero"; patterns are extended regular expressions ("" skips one).
expect() {
	local name=$1 status=$2 out_pat=${3:-} err_pat=${4:-}
	local why=()
	if [ "$status" = nonzero ]; then
		[ "$RC" -ne 0 ] || why+=("expected a non-zero exit status, got 0")
	else
		[ "$RC" -eq "$status" ] || why+=("expected exit status $status, got $RC")
	fi
	if [ -n "$out_pat" ] && ! grep -qE -- "$out_pat" <<<"$OUT"; then
		why+=("stdout does not match /$out_pat/")
	fi
	if [ -n "$err_pat" ] && ! grep -qE -- "$err_pat" <<<"$ERR"; then
		why+=("stderr does not match /$err_pat/")
	fi
	if [ ${#why[@]} -eq 0 ]; then
		pass "$name"
	else
		fail "$name" "${why[@]}" "stdout: ${OUT:0:400}" "stderr: ${ERR:0:400}"
	fi
}

# same NAME A B: passes when the strings A and B are equal.
same() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: ${3:0:300}" "got:      ${2:0:300}"; fi
}

finish() {
	echo "1..$N"
	[ "$FAILED" -eq 0 ]
	exit $?
}
