#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Live-traffic differential test: the same random ruleset in netfilter
# (iptables-nft, topology "nf") and in the implementation under test
# (topology "impl"), the same probes through both, then every probe's
# outcome and every counter compared. Passes iff there is no mismatch.
#
# usage: diff-traffic.sh [--impl bpf|legacy|nft] [--rulesets N] [--seed S]
#                        [--rules R] [--timeout MS] [--keep-going]
#                        [--keep-dir DIR] [--tools DIR] [-v]
#   --impl      bpf: $BPFIPT_BIN/bpf-iptables{,-save,-restore} (default)
#               legacy: iptables-legacy (validates the harness: must pass)
#               nft: iptables-nft on both sides (same)
#   --rulesets  how many rulesets (default 30); ruleset k uses seed S+k
#   --seed      first seed (default: from the clock, printed)
#   --rules     rules per ruleset (default 40)
#   --timeout   probe timeout in ms (default 600; at most 900)
#   --keep-going  go on after a ruleset with mismatches (default: stop)
#   --keep-dir  where failing rulesets are kept (default
#               ${TMPDIR:-/tmp}/bpfipt-e2e-failures)
#   --tools     directory of bpfipt-probe and bpfipt-gen-ruleset (default
#               $BPFIPT_E2E_TOOLS, else $BPFIPT_BIN/tests/e2e, else
#               REPO/build-e2e/tests/e2e)
#   -v          print every probe's outcome
#
# Self-test of the harness: BPFIPT_E2E_SABOTAGE="RULE ARGS" runs
# "IMPL_IPTABLES RULE ARGS" in the impl's dut after every load, e.g.
#   BPFIPT_E2E_SABOTAGE="-I FORWARD 1 -p udp -j DROP" diff-traffic.sh --impl legacy
# (outcomes and counters must then differ), or "-I INPUT 1 -p tcp"
# (a rule that only counts: counters must differ).
#
# Needs root. Creates namespaces bpfipt-e2e-PID-{nf,impl}-{cli,dut,srv} and
# removes them on exit, also on failure or interruption.
#
# Output: MISMATCH lines, then "rulesets: N, probes: M, mismatches: K".

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source=topo.sh
. "$HERE/topo.sh"
# shellcheck source=usage.sh
. "$HERE/usage.sh"
# shellcheck source=compare.sh
. "$HERE/compare.sh"

IMPL=bpf
RULESETS=30
SEED=
RULES=40
TIMEOUT_MS=600
KEEP_GOING=0
VERBOSE=0
KEEP_DIR=${TMPDIR:-/tmp}/bpfipt-e2e-failures
TOOLS=${BPFIPT_E2E_TOOLS:-}
: "${BPFIPT_BIN:=$REPO/build}"
# After the probes, for answers and errors still on their way before the
# counters are read (the slowest path is a few hops through softirqs).
SETTLE_S=0.3

usage() { usage_from_header "${BASH_SOURCE[0]}"; }

while [[ $# -gt 0 ]]; do
	case $1 in
	--impl) IMPL=${2:-}; shift 2 ;;
	--rulesets) RULESETS=${2:-}; shift 2 ;;
	--seed) SEED=${2:-}; shift 2 ;;
	--rules) RULES=${2:-}; shift 2 ;;
	--timeout) TIMEOUT_MS=${2:-}; shift 2 ;;
	--keep-going) KEEP_GOING=1; shift ;;
	--keep-dir) KEEP_DIR=${2:-}; shift 2 ;;
	--tools) TOOLS=${2:-}; shift 2 ;;
	-v) VERBOSE=1; shift ;;
	*) usage ;;
	esac
done
[[ $RULESETS =~ ^[0-9]+$ && $RULES =~ ^[0-9]+$ && $TIMEOUT_MS =~ ^[0-9]+$ ]] || usage
((RULES >= 1 && TIMEOUT_MS >= 1 && TIMEOUT_MS <= 900)) || usage
[[ -z $SEED ]] && SEED=$(($(date +%s) % 1000000))
[[ $SEED =~ ^[0-9]+$ ]] || usage

case $IMPL in
bpf)
	IMPL_IPT=$BPFIPT_BIN/bpf-iptables
	IMPL_SAVE=$BPFIPT_BIN/bpf-iptables-save
	IMPL_RESTORE=$BPFIPT_BIN/bpf-iptables-restore
	;;
legacy | nft)
	IMPL_IPT=iptables-$IMPL
	IMPL_SAVE=iptables-$IMPL-save
	IMPL_RESTORE=iptables-$IMPL-restore
	;;
*) usage ;;
esac

if [[ -z $TOOLS ]]; then
	TOOLS=$BPFIPT_BIN/tests/e2e
	[[ -x $TOOLS/bpfipt-probe ]] || TOOLS=$REPO/build-e2e/tests/e2e
fi
PROBE=$TOOLS/bpfipt-probe
GEN=$TOOLS/bpfipt-gen-ruleset
for tool in "$PROBE" "$GEN"; do
	if [[ ! -x $tool ]]; then
		echo "diff-traffic: $tool not found; build it (cmake --build BUILD --target bpfipt-probe bpfipt-gen-ruleset) or pass --tools" >&2
		exit 2
	fi
done
if [[ $(id -u) != 0 ]]; then
	echo "diff-traffic: needs root (network namespaces)" >&2
	exit 2
fi

RUN_ID=bpfipt-e2e-$$
NF=$RUN_ID-nf
IM=$RUN_ID-impl
WORK=$(mktemp -d "${TMPDIR:-/tmp}/$RUN_ID.XXXXXX") || exit 2
# iptables-legacy's lock is one file for all namespaces; ours alone.
export XTABLES_LOCKFILE=$WORK/xtables.lock
SERVER_PIDS=()
RUNNER_PIDS=()

kill_pids() {
	local pid
	for pid in "$@"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "$@"; do
		wait "$pid" 2>/dev/null
	done
}

# The dataplane's own clean-up (programs, pins, state of the namespace);
# its failure is ignored: a version without --teardown says so and exits 2.
impl_teardown() {
	[[ $IMPL == bpf ]] || return 0
	topo_exec "$IM" dut "$IMPL_IPT" --teardown >/dev/null 2>&1
	return 0
}

cleanup() {
	trap - EXIT INT TERM
	kill_pids "${RUNNER_PIDS[@]}" "${SERVER_PIDS[@]}"
	impl_teardown
	topo_destroy_all
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# side_* SIDE: the programs of "nf" and "impl".
side_prefix() { [[ $1 == nf ]] && echo "$NF" || echo "$IM"; }
side_ipt() { [[ $1 == nf ]] && echo iptables-nft || echo "$IMPL_IPT"; }
side_save() { [[ $1 == nf ]] && echo iptables-nft-save || echo "$IMPL_SAVE"; }
side_restore() { [[ $1 == nf ]] && echo iptables-nft-restore || echo "$IMPL_RESTORE"; }

# load SIDE DIR: the ruleset into the side's dut. No -Z: both iptables
# start every rule and policy counter at zero on a restore, also in a
# reused namespace, and the implementation must too.
load() {
	local side=$1 dir=$2 p
	p=$(side_prefix "$side")
	# BPFIPT_E2E_INGRESS=xdp: the bpf dataplane classifies arriving
	# packets in XDP instead of TC (bpf-iptables --ingress).
	if [[ $side == impl && $IMPL == bpf && -n ${BPFIPT_E2E_INGRESS:-} ]]; then
		topo_exec "$p" dut "$IMPL_IPT" --ingress "$BPFIPT_E2E_INGRESS" >"$dir/$side.load" 2>&1 ||
			return 1
	fi
	topo_exec "$p" dut "$(side_restore "$side")" <"$dir/ruleset.rules" >>"$dir/$side.load" 2>&1 ||
		return 1
	if [[ $side == impl && -n ${BPFIPT_E2E_SABOTAGE:-} ]]; then
		# shellcheck disable=SC2086 # a rule's words, split on purpose
		topo_exec "$p" dut "$(side_ipt "$side")" $BPFIPT_E2E_SABOTAGE >>"$dir/$side.load" 2>&1 || return 1
	fi
}

# servers_start: bpfipt-probe serve in the six namespaces; waits for each
# to say it is ready. "ip netns exec" execs the tool, so $! is its pid.
servers_start() {
	local p role i k ports
	ports=$("$GEN" ports)
	SERVER_PIDS=()
	for p in "$NF" "$IM"; do
		for role in cli dut srv; do
			# The background child opens the file after the fork: a
			# "ready" left by the previous server must not be seen.
			rm -f "$WORK/ready.$p-$role"
			# shellcheck disable=SC2086 # the port list
			ip netns exec "$p-$role" "$PROBE" serve $ports >"$WORK/ready.$p-$role" 2>&1 &
			SERVER_PIDS+=($!)
		done
	done
	k=0
	for p in "$NF" "$IM"; do
		for role in cli dut srv; do
			for ((i = 0; i < 1000; i++)); do
				grep -qs '^ready$' "$WORK/ready.$p-$role" && break
				kill -0 "${SERVER_PIDS[k]}" 2>/dev/null || break
				sleep 0.01
			done
			if ! grep -qs '^ready$' "$WORK/ready.$p-$role"; then
				echo "diff-traffic: server in $p-$role did not start:" >&2
				cat "$WORK/ready.$p-$role" >&2
				return 1
			fi
			k=$((k + 1))
		done
	done
}

# probes_run DIR: every role's probes in both topologies at once.
probes_run() {
	local dir=$1 side role
	RUNNER_PIDS=()
	for role in cli dut srv; do
		awk -v r="$role" '$1 == r { $1 = ""; sub(/^ /, ""); print }' "$dir/probes" >"$dir/probes.$role"
		for side in nf impl; do
			ip netns exec "$(side_prefix $side)-$role" "$PROBE" run "$TIMEOUT_MS" \
				<"$dir/probes.$role" >"$dir/$side.out.$role" 2>&1 &
			RUNNER_PIDS+=($!)
		done
	done
	local pid failed=0
	for pid in "${RUNNER_PIDS[@]}"; do
		wait "$pid" || failed=1
	done
	RUNNER_PIDS=()
	for role in cli dut srv; do
		sed "s/^/$role /" "$dir/probes.$role"
	done >"$dir/probes.ordered"
	for side in nf impl; do
		for role in cli dut srv; do
			cat "$dir/$side.out.$role"
		done >"$dir/$side.outcomes"
		# Both sides failing alike would compare equal: a broken run is
		# a harness error, never a pass.
		if ((failed)) || [[ $(wc -l <"$dir/$side.outcomes") != $(wc -l <"$dir/probes.ordered") ]]; then
			echo "diff-traffic: bpfipt-probe run failed ($side side):" >&2
			cat "$dir/$side.out".* >&2
			return 1
		fi
	done
}

# Totals of the outcome words seen on the nf side, to show how much of
# the traffic got through (a suite where everything times out tests little).
declare -A OUTCOME_WORDS=()
RULES_TOTAL=0
RULES_HIT=0
count_words() {
	local outcome
	while read -r outcome _; do
		outcome=${outcome%%:*}
		OUTCOME_WORDS[$outcome]=$((${OUTCOME_WORDS[$outcome]:-0} + 1))
	done <"$1"
}

# keep DIR SEED: save a failing ruleset's files for reproduction.
keep() {
	local dest="$KEEP_DIR/$RUN_ID/seed-$2"
	mkdir -p "$dest" && cp -r "$1/." "$dest/"
	echo "  kept in $dest"
	# shellcheck disable=SC2016 # the quotes are text inside the expansion
	echo "  reproduce: ${BPFIPT_E2E_SABOTAGE:+BPFIPT_E2E_SABOTAGE='$BPFIPT_E2E_SABOTAGE' }$0 --impl $IMPL --seed $2 --rulesets 1 --rules $RULES --timeout $TIMEOUT_MS"
}

# one_ruleset SEED: prints mismatches, adds to the totals.
TOTAL_PROBES=0
TOTAL_MISMATCHES=0
one_ruleset() {
	local seed=$1 dir=$WORK/seed-$1 side bad=0 n
	mkdir -p "$dir"
	"$GEN" "$seed" "$RULES" >"$dir/ruleset.rules" && "$GEN" probes "$seed" >"$dir/probes" || return 2
	n=$(wc -l <"$dir/probes")
	TOTAL_PROBES=$((TOTAL_PROBES + n))

	for side in nf impl; do
		if ! load "$side" "$dir"; then
			echo "MISMATCH seed $seed: loading the ruleset failed on the $side side:"
			sed 's/^/  /' "$dir/$side.load"
			bad=$((bad + 1))
		fi
	done
	if ((bad == 0)); then
		servers_start || return 2
		probes_run "$dir" || return 2
		sleep "$SETTLE_S"
		for side in nf impl; do
			topo_exec "$(side_prefix $side)" dut "$(side_save $side)" -c >"$dir/$side.save" 2>&1
		done
		kill_pids "${SERVER_PIDS[@]}"
		SERVER_PIDS=()

		paste "$dir/probes.ordered" "$dir/nf.outcomes" >"$dir/nf.report"
		((VERBOSE)) && sed "s/^/seed $seed: /" "$dir/nf.report"
		count_words "$dir/nf.outcomes"
		RULES_TOTAL=$((RULES_TOTAL + $(grep -c '^\[' "$dir/nf.save")))
		RULES_HIT=$((RULES_HIT + $(grep -c '^\[[1-9]' "$dir/nf.save")))
		outcomes_compare "$seed" "$dir/probes.ordered" "$dir/nf.outcomes" "$dir/impl.outcomes"
		bad=$((bad + COMPARE_MISMATCHES))
		counters_compare "$seed" "$dir/nf.save" "$dir/impl.save"
		bad=$((bad + COMPARE_MISMATCHES))
	fi
	TOTAL_MISMATCHES=$((TOTAL_MISMATCHES + bad))
	if ((bad > 0)); then
		keep "$dir" "$seed"
		return 1
	fi
	rm -rf "$dir"
	return 0
}

echo "diff-traffic: impl=$IMPL seeds $SEED..$((SEED + RULESETS - 1)) rules=$RULES timeout=${TIMEOUT_MS}ms"
if ! topo_create "$NF" || ! topo_create "$IM"; then
	echo "diff-traffic: could not build the topologies" >&2
	exit 2
fi
start=$(date +%s.%N)
done_rulesets=0
for ((k = 0; k < RULESETS; k++)); do
	one_ruleset $((SEED + k))
	rc=$?
	done_rulesets=$((done_rulesets + 1))
	((rc == 2)) && { echo "diff-traffic: harness error at seed $((SEED + k))" >&2; exit 2; }
	((rc == 1 && !KEEP_GOING)) && break
done
end=$(date +%s.%N)

words=""
for w in $(printf '%s\n' "${!OUTCOME_WORDS[@]}" | sort); do
	words+=" $w=${OUTCOME_WORDS[$w]}"
done
echo "outcomes (nf):$words"
echo "rules hit (nf): $RULES_HIT of $RULES_TOTAL"
awk -v s="$start" -v e="$end" -v n="$done_rulesets" \
	'BEGIN { if (n > 0) printf "time: %.1f s, %.2f s per ruleset\n", e - s, (e - s) / n }'
echo "rulesets: $done_rulesets, probes: $TOTAL_PROBES, mismatches: $TOTAL_MISMATCHES"
((TOTAL_MISMATCHES == 0))
