#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Atomic updates under live traffic: UDP flows run through the dut while
# the dut's ruleset is replaced again and again, alternating between two
# rulesets A and B of the same shape; every datagram's verdict must be
# A's or B's for its flow, never anything else (see flip.h, flip_rules.c).
#
# usage: flip-test.sh [--impl bpf|legacy] [--updates N] [--seed S]
#                     [--tools DIR]
#   --impl      bpf: $BPFIPT_BIN/bpf-iptables-restore (default)
#               legacy: iptables-legacy-restore (validates the test: must pass)
#   --updates   restores while the traffic runs (default 4000)
#   --seed      which pair of rulesets (default 1; the pair is printed)
#   --tools     directory of bpfipt-flip (default $BPFIPT_BIN/tests/e2e)
#
# The order of the updates is B A A B B A A ...: an update writes the
# generation that the update before the previous one wrote, and this
# order makes every write replace A by B or B by A there. (A plain
# A B A B would write each generation with what it already holds, and a
# torn read of it would look like a clean one.) Half of the updates
# change the verdicts, half only move the traffic to the other
# generation.
#
# Phases: A alone, then B alone, each checked exactly (this also checks
# the expected verdicts, which come from the test's own walk of the
# rules); the flips, with the traffic checked against "A or B"; then the
# last ruleset alone again.
#
# To see that it fails when updates are not atomic, FLIP_BREAK=
#   tear   every 20th update is followed by "bpfipt-flip tamper" in the
#          dut: the active generation's actions are overwritten in place
#          with the other generation's (bpf only);
#   third  every 20th update loads C (A with a REJECT of all forwarded
#          flows at the head of FORWARD) instead of A or B.
# Both must end in mismatches and exit status 1.
#
# Needs root. Creates namespaces bpfipt-flip-PID-{cli,dut,srv} and
# removes them on exit, also on failure or interruption.
#
# Output: the phases' lines, then
#   "flip: updates DONE of N (failed F), packets P, mismatches M";
# exit status 0 iff every phase had no mismatch, every update succeeded
# (the flips stop at the first that fails), and the traffic during the
# flips saw verdicts only A gives and verdicts only B gives; 2 when the
# test itself could not run.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source=topo.sh
. "$HERE/topo.sh"
# shellcheck source=usage.sh
. "$HERE/usage.sh"

IMPL=bpf
UPDATES=4000
SEED=1
TOOLS=${BPFIPT_E2E_TOOLS:-}
: "${BPFIPT_BIN:=$REPO/build}"
BREAK=${FLIP_BREAK:-}
BREAK_EVERY=20
# Datagrams of each exact phase, and how long to wait for a verdict.
PHASE_PACKETS=3000
TIMEOUT_MS=1000

usage() { usage_from_header "${BASH_SOURCE[0]}"; }

while [[ $# -gt 0 ]]; do
	case $1 in
	--impl) IMPL=${2:-}; shift 2 ;;
	--updates) UPDATES=${2:-}; shift 2 ;;
	--seed) SEED=${2:-}; shift 2 ;;
	--tools) TOOLS=${2:-}; shift 2 ;;
	*) usage ;;
	esac
done
[[ $UPDATES =~ ^[0-9]+$ && $SEED =~ ^[0-9]+$ ]] || usage
((UPDATES >= 4)) || usage
case $IMPL in
bpf) RESTORE=$BPFIPT_BIN/bpf-iptables-restore ;;
legacy) RESTORE=iptables-legacy-restore ;;
*) usage ;;
esac
case $BREAK in
"" | third) ;;
tear) [[ $IMPL == bpf ]] || { echo "flip-test: FLIP_BREAK=tear needs --impl bpf" >&2; exit 2; } ;;
*) echo "flip-test: FLIP_BREAK is tear or third" >&2; exit 2 ;;
esac
[[ -n $TOOLS ]] || TOOLS=$BPFIPT_BIN/tests/e2e
FLIP=$TOOLS/bpfipt-flip
if [[ ! -x $FLIP ]]; then
	echo "flip-test: $FLIP not found; build it (cmake --build BUILD --target bpfipt-flip) or pass --tools" >&2
	exit 2
fi
if [[ $(id -u) != 0 ]]; then
	echo "flip-test: needs root (network namespaces)" >&2
	exit 2
fi

P=bpfipt-flip-$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/$P.XXXXXX") || exit 2
export XTABLES_LOCKFILE=$WORK/xtables.lock
# A state directory of our own: nothing shared with other users of bpf-iptables.
export BPF_IPTABLES_RUNDIR=$WORK/run
TRAFFIC_PID=

cleanup() {
	trap - EXIT INT TERM
	if [[ -n $TRAFFIC_PID ]]; then
		kill "$TRAFFIC_PID" 2>/dev/null
		wait "$TRAFFIC_PID" 2>/dev/null
	fi
	if [[ $IMPL == bpf ]]; then
		topo_exec "$P" dut "$BPFIPT_BIN/bpf-iptables" --teardown >/dev/null 2>&1
		# and the keeper of spare dataplanes of this run's state root
		"$BPFIPT_BIN/bpf-iptables" --spare-stop >/dev/null 2>&1
	fi
	topo_destroy_all
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# load X: ruleset X (A, B or C) into the dut.
load() {
	topo_exec "$P" dut "$RESTORE" <"$WORK/$1.rules"
}

# phase NAME RULESET: RULESET alone, every verdict exactly its own.
MISMATCHES=0
PACKETS=0
phase() {
	local out
	out=$("$FLIP" traffic "$P" "$SEED" "$2" "$PHASE_PACKETS" "$TIMEOUT_MS")
	local rc=$?
	grep '^MISMATCH\|^\.\.\.' <<<"$out" | head -n 20
	echo "phase $1: $(grep '^flip-traffic:' <<<"$out")"
	phase_add "$out" || return 1
	return "$rc"
}

# phase_add OUTPUT: adds the traffic tool's totals to ours.
phase_add() {
	local line
	line=$(grep '^flip-traffic:' <<<"$1") || return 1
	[[ $line =~ packets\ ([0-9]+) ]] && PACKETS=$((PACKETS + BASH_REMATCH[1]))
	[[ $line =~ mismatches\ ([0-9]+) ]] && MISMATCHES=$((MISMATCHES + BASH_REMATCH[1]))
	return 0
}

# update K: the K-th update of the flips (B A A B B A A ...), broken as
# FLIP_BREAK asks. Prints the ruleset it loaded.
update() {
	local k=$1 rs
	if (((k + 1) / 2 % 2 == 0)); then rs=B; else rs=A; fi
	if [[ $BREAK == third && $((k % BREAK_EVERY)) == $((BREAK_EVERY - 1)) ]]; then
		rs=C
	fi
	load "$rs" || return 1
	if [[ $BREAK == tear && $((k % BREAK_EVERY)) == $((BREAK_EVERY - 1)) ]]; then
		topo_exec "$P" dut "$FLIP" tamper >/dev/null || return 1
		# Leave the damage for a moment: traffic must meet it.
		sleep 0.05
	fi
	LAST=$rs
}

flips() {
	local k ready=$WORK/ready failed=0 out rc
	"$FLIP" traffic "$P" "$SEED" AB 0 "$TIMEOUT_MS" "$ready" >"$WORK/flips.out" 2>&1 &
	TRAFFIC_PID=$!
	for ((k = 0; k < 1000; k++)); do
		[[ -s $ready ]] && break
		kill -0 "$TRAFFIC_PID" 2>/dev/null || break
		sleep 0.01
	done
	[[ -s $ready ]] || { cat "$WORK/flips.out" >&2; return 2; }
	local start end
	start=$(date +%s.%N)
	for ((k = 0; k < UPDATES; k++)); do
		# A failed update is a failure of the test, and the next ones
		# would only repeat it: stop there, and say why.
		if ! update "$k" 2>"$WORK/update.err"; then
			failed=$((failed + 1))
			echo "flip-test: update $k failed:"
			sed 's/^/  /' "$WORK/update.err"
			break
		fi
	done
	end=$(date +%s.%N)
	kill -TERM "$TRAFFIC_PID"
	wait "$TRAFFIC_PID"
	rc=$?
	TRAFFIC_PID=
	out=$(cat "$WORK/flips.out")
	grep '^MISMATCH\|^\.\.\.' <<<"$out" | head -n 20
	echo "flips: $(grep '^flip-traffic:' <<<"$out")"
	awk -v s="$start" -v e="$end" -v n="$k" \
		'BEGIN { if (n > 0) printf "flips: %d updates in %.1f s (%.1f ms each)\n", n, e - s, (e - s) * 1000 / n }'
	phase_add "$out" || return 2
	UPDATE_FAILURES=$failed
	UPDATES_DONE=$k
	FLIP_LINE=$(grep '^flip-traffic:' <<<"$out")
	return "$rc"
}

topo_create "$P" || { echo "flip-test: could not build the topology" >&2; exit 2; }
for rs in A B C; do
	"$FLIP" rules "$SEED" "$rs" >"$WORK/$rs.rules" || exit 2
done
echo "flip-test: impl=$IMPL seed=$SEED updates=$UPDATES${BREAK:+ FLIP_BREAK=$BREAK}"
"$FLIP" verdicts "$SEED" | head -n 1

bad=0
UPDATE_FAILURES=0
UPDATES_DONE=0
load A && phase "A alone" A || bad=1
load B && phase "B alone" B || bad=1
LAST=B
flips
rc=$?
((rc == 2)) && { echo "flip-test: the traffic tool failed" >&2; exit 2; }
((rc != 0 || UPDATE_FAILURES > 0)) && bad=1
if [[ ! $FLIP_LINE =~ only-A\ [1-9] || ! $FLIP_LINE =~ only-B\ [1-9] ]]; then
	echo "flip-test: the traffic did not see both rulesets during the flips"
	bad=1
fi
phase "$LAST alone, after the flips" "$LAST" || bad=1

echo "flip: updates $UPDATES_DONE of $UPDATES (failed $UPDATE_FAILURES), packets $PACKETS, mismatches $MISMATCHES"
exit $bad
