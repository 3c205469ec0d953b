#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for
# a bounded time from the seed corpus under tests/fuzz/corpus/. Inputs
# kept under tests/fuzz/regressions/TARGET/ are replayed first: each was
# a crash once and must not be one again.
#
# Environment:
#   FUZZ_SECONDS    seconds per target (default 60)
#   FUZZ_TARGETS    which targets (default: fuzz_argv fuzz_restore fuzz_state)
#   FUZZ_BUILD_DIR  build directory (default: build/fuzz in the repository)
#   CC              the compiler (default: clang, else clang-14)
#
# Prints one line per target, "fuzz_argv: N execs, no crash", and exits
# non-zero if any target crashed, leaked, hit undefined behaviour or
# timed out. Logs and crashing inputs stay in the build directory
# (FUZZ_BUILD_DIR/logs, FUZZ_BUILD_DIR/artifacts); new corpus entries go
# to FUZZ_BUILD_DIR/corpus, never into the committed seeds.
#
# The seeds of fuzz_state are tables serialized by this build: host byte
# order, and the layout of ruleset_io.c. If that layout changes they are
# still valid inputs, only less useful ones.
set -u

repo=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"fuzz_argv fuzz_restore fuzz_state"}
build=${FUZZ_BUILD_DIR:-$repo/build/fuzz}
if [ -z "${CC:-}" ]; then
	if command -v clang >/dev/null 2>&1; then CC=clang; else CC=clang-14; fi
fi
export CC

# Name lookups (-s NAME, -L without -n) must not wait on a DNS server:
# without a network, as in the namespaces the tests run in, they fail at
# once and every run sees the same answers.
offline=
if unshare -n true 2>/dev/null; then
	offline="unshare -n"
fi

mkdir -p "$build/logs" "$build/artifacts" || exit 2
cmake -S "$repo" -B "$build" -DBPFIPT_FUZZ=ON >"$build/logs/configure.log" 2>&1 ||
	{ cat "$build/logs/configure.log" >&2; exit 2; }
# shellcheck disable=SC2086 # one word per target
cmake --build "$build" -j "$(nproc)" --target $targets >"$build/logs/build.log" 2>&1 ||
	{ cat "$build/logs/build.log" >&2; exit 2; }

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0

# replay TARGET BINARY: run every kept regression input once.
replay() {
	dir=$repo/tests/fuzz/regressions/$1
	[ -d "$dir" ] || return 0
	inputs=$(find "$dir" -type f | sort)
	[ -n "$inputs" ] || return 0
	log=$build/logs/$1.regressions.log
	# shellcheck disable=SC2086 # one word per input file
	if $offline "$2" -timeout=10 $inputs >"$log" 2>&1; then
		echo "$1: $(echo "$inputs" | wc -l) regression inputs replayed, no crash"
	else
		echo "$1: a regression input crashes again, see $log"
		failed=1
	fi
}

for t in $targets; do
	bin=$build/tests/fuzz/$t
	seeds=$repo/tests/fuzz/corpus/${t#fuzz_}
	work=$build/corpus/$t
	log=$build/logs/$t.log
	mkdir -p "$work"
	replay "$t" "$bin"
	$offline "$bin" -max_len=4096 -timeout=10 -max_total_time="$seconds" \
		-print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
		"$work" "$seeds" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "$t: ${execs:-0} execs, no crash (${rate:-0} execs/s)"
	else
		echo "$t: crash after ${execs:-?} execs (exit $rc), see $log and $build/artifacts/"
		grep -m 3 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sed 's/^/  /'
		failed=1
	fi
done
exit "$failed"
