#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Checks on the suite itself: generated files are current, every file
# carries the license header, nothing is skipped, enough cases exist.

load helpers/diff

@test "meta: corpus bats files are generated from the current corpus" {
	local corpus=${BPFIPT_CORPUS:-$BPFIPT_REPO/../shared/iptables-tests/extensions}
	[[ -d $corpus ]] || {
		echo "FATAL: iptables test corpus not found at $corpus (set BPFIPT_CORPUS)"
		return 1
	}
	mkdir -p "$BATS_TEST_TMPDIR/gen"
	run "$BPFIPT_HELPERS/gen-corpus.sh" "$corpus" "$BATS_TEST_TMPDIR/gen"
	assert_success
	diff -u "$BPFIPT_REPO/tests/bats/95-corpus.bats" "$BATS_TEST_TMPDIR/gen/95-corpus.bats"
	diff -u "$BPFIPT_REPO/tests/bats/96-corpus-unsupported.bats" \
		"$BATS_TEST_TMPDIR/gen/96-corpus-unsupported.bats"
}

@test "meta: every corpus rule line has a case" {
	local corpus=${BPFIPT_CORPUS:-$BPFIPT_REPO/../shared/iptables-tests/extensions}
	local want got
	want=$(cat "$corpus"/*.t | grep -v -e '^#' -e '^:' -e '^[[:space:]]*$' | wc -l)
	got=$(cat "$BPFIPT_REPO"/tests/bats/9[56]-corpus*.bats | grep -c '^@test')
	assert_equal "$got" "$want"
}

@test "meta: every suite file carries the SPDX license header" {
	local f bad=0
	for f in "$BPFIPT_REPO"/tests/bats/*.bats "$BPFIPT_HELPERS"/*.bash \
		"$BPFIPT_HELPERS"/*.sh "$BPFIPT_HELPERS"/*.awk "$BPFIPT_HELPERS"/strict/* \
		"$BPFIPT_REPO"/tests/run.sh "$BPFIPT_DATA"/restore/*; do
		if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-2.0-only'; then
			echo "missing SPDX header: $f"
			bad=1
		fi
	done
	[[ $bad == 0 ]]
}

@test "meta: no test skips" {
	run grep -nE '^[[:space:]]*skip([[:space:]]|$)' "$BPFIPT_REPO"/tests/bats/*.bats
	assert_failure 1
}

@test "meta: at least 300 test cases" {
	local n
	n=$(cat "$BPFIPT_REPO"/tests/bats/*.bats | grep -c '^@test')
	echo "$n cases"
	[[ $n -ge 300 ]]
}

@test "meta: the product binaries are in place and executable" {
	product_progs
	[[ -x $PROD_IPT && -x $PROD_SAVE && -x $PROD_RESTORE ]]
	new_ns ns meta
	run prod "$ns" ipt -V
	assert_success
	[[ -n $output ]]
}
