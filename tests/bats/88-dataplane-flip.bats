#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Atomic updates under live traffic (tests/e2e/flip-test.sh, README.md
# there): the CI-sized run, the check of its expected verdicts against
# netfilter, and two deliberately broken updates that it must catch.
# The full-size run (4000 updates) is in tests/e2e/README.md.

FLIP_REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
FLIP_TEST="$FLIP_REPO/tests/e2e/flip-test.sh"
: "${BPFIPT_BIN:=$FLIP_REPO/build}"
export BPFIPT_BIN

# flip_run ARGS...: the test, its output shown when a case fails.
flip_run() {
	run "$FLIP_TEST" "$@"
	echo "$output"
}

# The summary line's mismatch count.
flip_mismatches() {
	sed -nE 's/^flip: .*mismatches ([0-9]+)$/\1/p' <<<"$output"
}

@test "flip: 1000 updates between A and B under traffic, every verdict A's or B's" {
	flip_run --updates 1000
	[ "$status" -eq 0 ]
	[[ "$output" == *"flip: updates 1000 of 1000 (failed 0)"* ]]
	[ "$(flip_mismatches)" = 0 ]
	# The flips were seen by the traffic, not only made.
	grep -qE '^flips: flip-traffic: .*only-A [1-9][0-9]*, only-B [1-9]' <<<"$output"
}

@test "flip: the expected verdicts are netfilter's (iptables-legacy, 200 updates)" {
	flip_run --impl legacy --updates 200
	[ "$status" -eq 0 ]
	[ "$(flip_mismatches)" = 0 ]
}

@test "flip: actions overwritten in the generation packets read (FLIP_BREAK=tear) are caught" {
	FLIP_BREAK=tear flip_run --updates 100
	[ "$status" -eq 1 ]
	[ "$(flip_mismatches)" -gt 0 ]
	grep -q '^MISMATCH seq ' <<<"$output"
}

@test "flip: a third ruleset among the updates (FLIP_BREAK=third) is caught" {
	FLIP_BREAK=third flip_run --updates 100
	[ "$status" -eq 1 ]
	[ "$(flip_mismatches)" -gt 0 ]
}
