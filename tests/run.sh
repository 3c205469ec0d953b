#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs every test of the repository and prints the totals:
#   1. configures build/ with cmake if it is not configured, then builds;
#   2. ctest in build/;
#   3. the bats suites tests/bats/*.bats (TAP; in parallel with -j 2 when
#      GNU parallel is installed). A skipped test counts as failed: the
#      suite must never skip;
#   4. the live-traffic differential suite (tests/e2e/diff-traffic.sh
#      --impl bpf) on a sample of random rulesets, DIFF_PLAN (default
#      "24x40 6x400": 24 rulesets of 40 rules, 6 of 400) with the
#      dataplane's ingress in TC, then DIFF_XDP_PLAN ("6x40 2x400") in
#      XDP; seeds from the clock (printed; DIFF_SEED picks them): each
#      ruleset is one test, a mismatch or a harness error fails it;
#   5. the libFuzzer targets of tests/fuzz, FUZZ_SECONDS (60) each.
# The last line is exactly "N passed, N failed". The exit status is
# non-zero if anything failed or if no test ran at all.
# Full logs: build/test-logs/.
#
# Environment: BPFIPT_BIN, BPFIPT_IMPL (see tests/bats/helpers/common.bash)
# are passed through to bats; BATS_ARGS adds options to the bats call
# (e.g. BATS_ARGS="--filter REJECT").

set -u
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 2
LOGS="$REPO/build/test-logs"
mkdir -p "$LOGS"

passed=0
failed=0

# 1. build
build_ok=1
if [[ ! -f build/CMakeCache.txt ]]; then
	echo "== configuring build/"
	if ! cmake -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$LOGS/cmake-configure.log" 2>&1; then
		echo "cmake configure FAILED, see $LOGS/cmake-configure.log"
		tail -n 20 "$LOGS/cmake-configure.log"
		build_ok=0
	fi
fi
if [[ $build_ok == 1 ]]; then
	echo "== building"
	if ! cmake --build build -j2 >"$LOGS/cmake-build.log" 2>&1; then
		echo "build FAILED, see $LOGS/cmake-build.log"
		tail -n 30 "$LOGS/cmake-build.log"
		build_ok=0
	fi
fi
if [[ $build_ok == 0 ]]; then
	failed=$((failed + 1))
fi

# 2. ctest
if [[ $build_ok == 1 ]]; then
	echo "== ctest"
	ctest --test-dir build --output-on-failure >"$LOGS/ctest.log" 2>&1
	ctest_rc=$?
	summary=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$LOGS/ctest.log" | tail -n 1)
	if [[ -n $summary ]]; then
		c_failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
		c_total=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$summary")
		passed=$((passed + c_total - c_failed))
		failed=$((failed + c_failed))
		echo "ctest: $((c_total - c_failed)) passed, $c_failed failed"
		[[ $c_failed -gt 0 ]] && grep -E '^ *[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Not Run|Subprocess)' "$LOGS/ctest.log"
	elif grep -q 'No tests were found' "$LOGS/ctest.log"; then
		echo "ctest: no tests found"
	else
		echo "ctest did not report a summary (exit $ctest_rc), see $LOGS/ctest.log"
		tail -n 20 "$LOGS/ctest.log"
		failed=$((failed + 1))
	fi
fi

# 3. bats
echo "== bats"
bats_jobs=()
if command -v parallel >/dev/null 2>&1; then
	bats_jobs=(-j 2)
fi
# A hanging test fails instead of stalling the run (each command inside a
# case has its own 60 s limit as well, see helpers/runner.sh).
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-300}
tap="$LOGS/bats.tap"
start=$(date +%s)
# shellcheck disable=SC2086
bats --tap "${bats_jobs[@]}" ${BATS_ARGS:-} tests/bats/*.bats >"$tap" 2>"$LOGS/bats.stderr"
bats_rc=$?
end=$(date +%s)
b_ok=$(grep -E '^ok [0-9]+' "$tap" | grep -vcE '# (skip|SKIP)')
b_skip=$(grep -E '^ok [0-9]+' "$tap" | grep -cE '# (skip|SKIP)')
b_notok=$(grep -cE '^not ok [0-9]+' "$tap")
b_plan=$(grep -E '^1\.\.[0-9]+' "$tap" | head -n 1 | cut -d. -f3)
b_seen=$((b_ok + b_skip + b_notok))
b_missing=0
if [[ -n $b_plan && $b_plan -gt $b_seen ]]; then
	b_missing=$((b_plan - b_seen))
fi
if [[ $b_seen == 0 && $bats_rc != 0 ]]; then
	echo "bats failed to run (exit $bats_rc):"
	tail -n 20 "$LOGS/bats.stderr"
	b_missing=$((b_missing + 1))
fi
echo "bats: $b_ok passed, $b_notok failed, $b_skip skipped (counted as failed)," \
	"$b_missing missing from the plan; $((end - start))s"
grep -E '^not ok |^ok .*# (skip|SKIP)' "$tap"
passed=$((passed + b_ok))
failed=$((failed + b_notok + b_skip + b_missing))

# 4. the live-traffic differential sample, with the dataplane's ingress
# in TC (the default) and then in XDP. Each run's last line is "N
# passed, N failed" over rulesets; no such line means it could not run
# at all, which is one failure (it needs root, as the bats suites do).
diff_sample() { # NAME PLAN [ENV=VALUE...]
	local name=$1 plan=$2 log="$LOGS/diff-traffic-$1.log" summary ok bad
	shift 2
	local -a args=(--plan "$plan" --keep-dir "$LOGS/diff-traffic-failures-$name")
	[[ -n ${DIFF_SEED:-} ]] && args+=(--seed "$DIFF_SEED")
	echo "== diff-traffic sample ($name)"
	start=$(date +%s)
	env "$@" tests/e2e/diff-sample.sh "${args[@]}" >"$log" 2>&1
	end=$(date +%s)
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	grep -E '^diff-sample: |^ruleset .*FAILED|^MISMATCH |^  (kept in|reproduce:)' "$log" |
		head -n 40
	if [[ -n $summary ]]; then
		ok=${summary%% passed*}
		bad=${summary#*passed, }
		bad=${bad%% failed}
		echo "diff-traffic ($name): $ok passed, $bad failed; $((end - start))s"
		passed=$((passed + ok))
		failed=$((failed + bad))
	else
		echo "diff-traffic sample ($name) did not run, see $log"
		tail -n 20 "$log"
		failed=$((failed + 1))
	fi
}
diff_sample tc "${DIFF_PLAN:-24x40 6x400}"
diff_sample xdp "${DIFF_XDP_PLAN:-6x40 2x400}" BPFIPT_E2E_INGRESS=xdp

# 5. fuzz targets, for a bounded time each (FUZZ_SECONDS, default 60):
# one test per target, failed on any crash, leak, UB or timeout.
echo "== fuzz"
FUZZ_SECONDS=${FUZZ_SECONDS:-60} sh tests/fuzz/run.sh >"$LOGS/fuzz.log" 2>&1
fuzz_rc=$?
f_ok=$(grep -cE '^fuzz_[a-z]+: [0-9]+ execs, no crash' "$LOGS/fuzz.log")
grep -E '^fuzz_[a-z]+:' "$LOGS/fuzz.log"
passed=$((passed + f_ok))
if [[ $fuzz_rc != 0 || $f_ok == 0 ]]; then
	echo "fuzz FAILED (exit $fuzz_rc), see $LOGS/fuzz.log"
	tail -n 20 "$LOGS/fuzz.log"
	failed=$((failed + 1))
fi

echo "logs: $LOGS"
echo "$passed passed, $failed failed"
if [[ $failed -gt 0 || $((passed + failed)) -eq 0 ]]; then
	exit 1
fi
exit 0
