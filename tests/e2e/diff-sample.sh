#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A sample of random rulesets of several sizes through diff-traffic.sh,
# one result per ruleset: what tests/run.sh runs in CI, and the full
# campaign (README.md here). Each group COUNTxRULES is one diff-traffic
# run with --keep-going; the groups' seeds follow each other, so one
# first seed names the whole sample.
#
# usage: diff-sample.sh [--plan "COUNTxRULES ..."] [--seed S] [--impl I]
#                       [--keep-dir DIR] [--tools DIR]
#   --plan      groups of rulesets (default "24x40 6x400")
#   --seed      first seed (default: from the clock, printed)
#   --impl      passed to diff-traffic.sh (default bpf)
#   --keep-dir, --tools  passed to diff-traffic.sh
#
# Output: diff-traffic's lines, one "ruleset SEED RULES: ok|FAILED ..."
# line per ruleset, the totals of the groups, and last exactly
# "N passed, N failed" (a ruleset with a mismatch, or one that a harness
# error stopped or kept from running, is failed). Exit status 0 iff
# nothing failed and at least one ruleset passed.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=usage.sh
. "$HERE/usage.sh"

PLAN="24x40 6x400"
SEED=
PASS_ARGS=()

usage() { usage_from_header "${BASH_SOURCE[0]}"; }

while [[ $# -gt 0 ]]; do
	case $1 in
	--plan) PLAN=${2:-}; shift 2 ;;
	--seed) SEED=${2:-}; shift 2 ;;
	--impl | --keep-dir | --tools) PASS_ARGS+=("$1" "${2:-}"); shift 2 ;;
	*) usage ;;
	esac
done
# Seeds from the clock, so that each CI run explores new rulesets; the
# printed first seed reproduces the whole sample.
[[ -z $SEED ]] && SEED=$(($(date +%s) % 1000000 * 100 % 100000000))
[[ $SEED =~ ^[0-9]+$ ]] || usage
for group in $PLAN; do
	[[ $group =~ ^[0-9]+x[0-9]+$ ]] || usage
done

passed=0
failed=0
totals_rulesets=0
totals_probes=0
totals_mismatches=0

# group_run SEED COUNT RULES: one diff-traffic run; adds its rulesets to
# passed/failed. diff-traffic names a failing ruleset in its MISMATCH
# lines and a harness error in "harness error at seed S" (and stops).
group_run() {
	local seed=$1 count=$2 rules=$3 log rc k s bad stopped=-1
	log=$(mktemp "${TMPDIR:-/tmp}/bpfipt-sample.XXXXXX") || return 1
	"$HERE/diff-traffic.sh" "${PASS_ARGS[@]}" --keep-going --seed "$seed" \
		--rulesets "$count" --rules "$rules" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	s=$(sed -nE 's/.*harness error at seed ([0-9]+).*/\1/p' "$log" | head -n 1)
	[[ -n $s ]] && stopped=$s
	# Any other exit without the totals line (bad tools, no root, no
	# topology): every ruleset of the group counts as failed.
	if ! grep -qE '^rulesets: [0-9]+, probes:' "$log" && [[ $stopped == -1 ]]; then
		echo "diff-sample: diff-traffic exited $rc without results for seeds $seed..$((seed + count - 1))"
		stopped=$seed
	fi
	for ((k = 0; k < count; k++)); do
		s=$((seed + k))
		bad=$(grep -cE "^MISMATCH seed $s[ :]" "$log")
		if [[ $stopped != -1 && $s -ge $stopped ]]; then
			echo "ruleset $s $rules: FAILED (harness error or not run)"
			failed=$((failed + 1))
		elif ((bad > 0)); then
			echo "ruleset $s $rules: FAILED ($bad mismatches)"
			failed=$((failed + 1))
		else
			echo "ruleset $s $rules: ok"
			passed=$((passed + 1))
		fi
	done
	if [[ $rc != 0 && $stopped == -1 ]] && ! grep -qE '^MISMATCH ' "$log"; then
		# A non-zero exit that names no ruleset is still a failure.
		echo "diff-sample: diff-traffic exited $rc without naming a ruleset"
		failed=$((failed + 1))
	fi
	local line
	line=$(grep -E '^rulesets: [0-9]+, probes:' "$log" | tail -n 1)
	if [[ $line =~ ^rulesets:\ ([0-9]+),\ probes:\ ([0-9]+),\ mismatches:\ ([0-9]+) ]]; then
		totals_rulesets=$((totals_rulesets + BASH_REMATCH[1]))
		totals_probes=$((totals_probes + BASH_REMATCH[2]))
		totals_mismatches=$((totals_mismatches + BASH_REMATCH[3]))
	fi
	rm -f "$log"
}

echo "diff-sample: plan \"$PLAN\", first seed $SEED"
start=$(date +%s)
seed=$SEED
for group in $PLAN; do
	group_run "$seed" "${group%x*}" "${group#*x}"
	seed=$((seed + ${group%x*}))
done
end=$(date +%s)
echo "diff-sample: seeds $SEED..$((seed - 1)); rulesets: $totals_rulesets, probes: $totals_probes," \
	"mismatches: $totals_mismatches; $((end - start)) s"
echo "$passed passed, $failed failed"
((failed == 0 && passed > 0))
