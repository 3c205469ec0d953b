#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# bpf-iptables-bench's own parts, never its timing: the sandbox it builds
# is gone after a normal end, a failure and a signal; the generator sends
# exactly the count asked and the DUT receives exactly that; the CSV files
# and the SVG plot are well formed. Figures are only checked to be
# numbers, never compared with each other.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
: "${BPFIPT_BIN:=$REPO/build}"
BENCH="$BPFIPT_BIN/bpf-iptables-bench"

# What a run may leave behind: its namespaces, its working directories,
# bpf-iptables' resident helper started for its DUT (its state directory
# is under the run's working directory, so it is named on its command line).
leftovers() {
	ip netns list | grep -E '^bpfipt-bench-' || true
	ls -d /tmp/bpfipt-bench.* 2>/dev/null || true
	ps -eo args | grep -E '^bpf-iptables --resident /tmp/bpfipt-bench\.' || true
}

setup() {
	[[ -x $BENCH ]] || fail "no $BENCH: build first"
	before=$(leftovers)
	host_links=$(ip -o link | awk -F': ' '{print $2}' | sort)
}

teardown() {
	if [[ -n ${hold_pid:-} ]]; then
		kill -TERM "$hold_pid" 2>/dev/null || true
		wait "$hold_pid" 2>/dev/null || true
	fi
}

assert_nothing_left() {
	assert_equal "$(leftovers)" "$before"
	assert_equal "$(ip -o link | awk -F': ' '{print $2}' | sort)" "$host_links"
}

@test "bench: the sandbox is built and removed, nothing left" {
	run "$BENCH" --sandbox-check
	assert_success
	assert_output --regexp '^sandbox bpfipt-bench-[0-9]+-gen bpfipt-bench-[0-9]+-dut bpfipt-bench-[0-9]+-sink gen-ifindex [0-9]+ dut-ifindex [0-9]+$'
	assert_nothing_left
}

# hold_and_signal SIG: a sandbox that waits, then the signal.
hold_and_signal() {
	local out=$BATS_TEST_TMPDIR/hold i
	"$BENCH" --sandbox-hold >"$out" 2>&1 &
	hold_pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q '^sandbox' "$out" && break
		sleep 0.1
	done
	local ns
	ns=$(awk '/^sandbox/ {print $3}' "$out")
	[[ -n $ns ]] || fail "no sandbox: $(cat "$out")"
	ip netns list | grep -q "^$ns" || fail "$ns is not there while held"
	kill "-$1" "$hold_pid"
	wait "$hold_pid" || true
	hold_pid=
	assert_nothing_left
}

@test "bench: SIGINT removes the sandbox" {
	hold_and_signal INT
}

@test "bench: SIGTERM removes the sandbox" {
	hold_and_signal TERM
}

@test "bench: a failing system leaves nothing either" {
	printf '*filter\n-A INPUT -j DROP\nCOMMIT\n' >"$BATS_TEST_TMPDIR/rules"
	run "$BENCH" --quiet --ruleset "$BATS_TEST_TMPDIR/rules" --systems nft --reps 1 --seconds 0.01
	assert_failure
	assert_output --partial 'nft: no native nft form'
	assert_nothing_left
}

@test "bench: bad options exit 2 before any sandbox" {
	run "$BENCH" --systems bpf-xdp,nosuch
	assert_equal "$status" 2
	run "$BENCH" --frame-size 20
	assert_equal "$status" 2
	assert_nothing_left
}

@test "bench: the generator sends exactly the count asked, and the DUT gets them" {
	local n
	for n in 1 64 65 100000; do
		run "$BENCH" --gen-check "$n"
		assert_success
		assert_output "asked $n redirected $n processed $n"
	done
	run "$BENCH" --gen-check 4321 --tcp-syn --frame-size 1518
	assert_success
	assert_output "asked 4321 redirected 4321 processed 4321"
	assert_nothing_left
}

@test "bench: CSV and SVG are well formed" {
	local d=$BATS_TEST_TMPDIR
	run "$BENCH" --quiet --rules 1,10 --systems ceiling,bpf-xdp,iptables-nft --scenarios last,policy \
		--reps 1 --seconds 0.02 --csv "$d/t.csv" --latency-csv "$d/l.csv" --plot "$d/p.svg"
	assert_success
	assert_output --partial 'x nft'
	assert_equal "$(head -n 1 "$d/t.csv")" 'system,scenario,rules,mpps,ratio_nft,ratio_ceiling'
	# 3 systems x 2 sizes x 2 scenarios, every field filled, figures numbers
	assert_equal "$(tail -n +2 "$d/t.csv" | wc -l)" 12
	run awk -F, 'NR > 1 && (NF != 6 || $1 !~ /^(ceiling|bpf-xdp|iptables-nft)$/ ||
		$2 !~ /^(last|policy)$/ || $3 !~ /^(1|10)$/ || $4 !~ /^[0-9]+\.[0-9]+$/ || $4 <= 0 ||
		$5 !~ /^[0-9]+\.[0-9]+$/ || $6 !~ /^[0-9]+\.[0-9]+$/)' "$d/t.csv"
	assert_output ''
	run awk -F, '$1 == "iptables-nft" && $5 != "1.0000" || $1 == "ceiling" && $6 != "1.0000"' "$d/t.csv"
	assert_output ''
	assert_equal "$(head -n 1 "$d/l.csv")" 'system,operation,rules,ms'
	assert_equal "$(tail -n +2 "$d/l.csv" | wc -l)" 24
	run awk -F, 'NR > 1 && (NF != 4 || $1 !~ /^(bpf-iptables|iptables-nft|iptables-legacy)$/ ||
		$2 !~ /^(restore|append|insert|delete)$/ || $4 !~ /^[0-9]+\.[0-9]+$/)' "$d/l.csv"
	assert_output ''
	run xmllint --noout "$d/p.svg"
	assert_success
	assert_equal "$(grep -c '<polyline' "$d/p.svg")" 3
	assert_nothing_left
}

@test "bench: SIGINT in the middle of a measurement removes everything" {
	local err=$BATS_TEST_TMPDIR/err i
	"$BENCH" --rules 1000 --systems bpf-xdp,iptables-nft --reps 20 --seconds 1 \
		>/dev/null 2>"$err" &
	hold_pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q 'bpf-xdp' "$err" && break
		sleep 0.1
	done
	grep -q 'bpf-xdp' "$err" || fail "no progress line: $(cat "$err")"
	sleep 0.5
	kill -INT "$hold_pid"
	wait "$hold_pid" || true
	hold_pid=
	assert_nothing_left
}

@test "bench: --ruleset with --flow sends that flow into the user's rules" {
	printf '*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -s 198.18.77.2/32 -p udp -m udp --dport 98 -j DROP\n-A INPUT -s 198.18.77.1/32 -p udp -m udp --dport 99 -j DROP\nCOMMIT\n' \
		>"$BATS_TEST_TMPDIR/rules"
	run "$BENCH" --quiet --ruleset "$BATS_TEST_TMPDIR/rules" --flow 198.18.77.1,99 \
		--systems iptables-nft --reps 1 --seconds 0.02 --show-counters --csv "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	assert_line --regexp '^ +0 +0 DROP .* 198\.18\.77\.2 .*dpt:98$'
	assert_line --regexp '^ +[1-9][0-9]* +[0-9]+ DROP .* 198\.18\.77\.1 .*dpt:99$'
	run tail -n +2 "$BATS_TEST_TMPDIR/t.csv"
	assert_output --regexp '^iptables-nft,file,2,[0-9]+\.[0-9]+,1\.0000,$'
	assert_nothing_left
}
