#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# bpf-iptables-bench's own parts, never its timing: the sandbox it builds
# is gone after a normal end, a failure and a signal; the generator sends
# exactly the count asked and the DUT receives exactly that; traffic
# derived from a ruleset reaches every rule it can, the same on bpf-xdp
# and iptables-nft; the CSV files and the SVG plot are well formed.
# Figures are only checked to be numbers, never compared with each other.
# Root is required: without it every case fails, none is skipped.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
: "${BPFIPT_BIN:=$REPO/build}"
BENCH="$BPFIPT_BIN/bpf-iptables-bench"

# What a run may leave behind: its namespaces, its working directories,
# bpf-iptables' resident helper started for its DUT and the keeper of
# spare dataplanes its first restore started (their state directories are
# under the run's working directory, so they are named on their command
# lines).
leftovers() {
	ip netns list | grep -E '^bpfipt-bench-' || true
	ls -d /tmp/bpfipt-bench.* 2>/dev/null || true
	ps -eo args | grep -E '^bpf-iptables --(resident|spare-keeper) /tmp/bpfipt-bench\.' || true
}

setup() {
	[[ $EUID -eq 0 ]] || fail "the bench tests must run as root (network namespaces)"
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
	assert_equal "$(tail -n +2 "$d/l.csv" | wc -l)" 32
	run awk -F, 'NR > 1 && (NF != 4 || $1 !~ /^(bpf-iptables|iptables-nft|iptables-legacy|bpf-no-spare)$/ ||
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

# counters FILE: "CHAIN packets bytes" for each rule of a save -c file, in
# order, and the INPUT and FORWARD policies (OUTPUT's counts the DUT's
# rate-limited replies). Rule text is left out: iptables-nft-save writes
# "! --dport 0:1023" as "--dport 1024:65535".
counters() {
	awk '/^:(INPUT|FORWARD) / { print $1, $3; next }
	     /^\[/ { split(substr($1, 2, length($1) - 2), c, ":"); print $3, c[1], c[2] }' "$1"
}

# derived_run FILE CHAIN: the derived traffic, 3 frames a flow, into
# bpf-xdp and iptables-nft; their counters in $d/bpf-xdp.c, $d/iptables-nft.c.
derived_run() {
	d=$BATS_TEST_TMPDIR
	run "$BENCH" --ruleset "$1" --chain "$2" --systems bpf-xdp,iptables-nft \
		--frames-per-flow 3 --save-counters "$d"
	assert_success
	local n
	n=$(grep -c '^-A' "$1")
	counters "$d/bpf-xdp-$n.save" >"$d/bpf-xdp.c"
	counters "$d/iptables-nft-$n.save" >"$d/iptables-nft.c"
	assert_equal "$(grep -c '^\[' "$d/bpf-xdp-$n.save")" "$n"
	assert_equal "$(cat "$d/bpf-xdp.c")" "$(cat "$d/iptables-nft.c")"
}

# The rules (1-based, in file order) without packets: only those expected.
assert_silent_rules() {
	run awk '$1 !~ /^:/ { n++; if ($2 == 0) printf "%d ", n }' "$d/bpf-xdp.c"
	assert_output "$1"
}

@test "bench: traffic derived from an INPUT ruleset reaches each rule, the same on bpf-xdp and iptables-nft" {
	cat >"$BATS_TEST_TMPDIR/rules" <<-'EOF'
	*filter
	:INPUT ACCEPT [0:0]
	:FORWARD ACCEPT [0:0]
	:OUTPUT ACCEPT [0:0]
	:WEB - [0:0]
	-A INPUT -s 198.19.10.0/24 -p tcp -m tcp --dport 22 -j ACCEPT
	-A INPUT ! -s 198.19.0.0/16 -p udp -m udp --dport 53 -j ACCEPT
	-A INPUT -p tcp -m tcp --dport 1000:1999 -j DROP
	-A INPUT -p tcp -m tcp --dport 1500 -j DROP
	-A INPUT -p udp -m multiport --dports 5000,6000:6010 -j DROP
	-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
	-A INPUT -p icmp -m icmp ! --icmp-type 8 -j DROP
	-A INPUT -i eth7 -p udp -j DROP
	-A INPUT -d 198.18.1.1/32 -p tcp -m tcp --tcp-flags SYN,ACK ACK -j DROP
	-A INPUT -s 10.1.0.0/16 -p tcp -m tcp ! --dport 0:1023 -j DROP
	-A INPUT -p tcp -m tcp --dport 80 -j WEB
	-A INPUT -p udp -j DROP
	-A INPUT -j DROP
	-A WEB -s 198.19.5.0/24 -j ACCEPT
	-A WEB -j DROP
	COMMIT
	EOF
	derived_run "$BATS_TEST_TMPDIR/rules" input
	# rule 4 is shadowed by rule 3, rule 8's -i cannot be bd0
	assert_line 'derived traffic: 13 flows for 15 rules of INPUT and 1 user chain it reaches; 2 rules have none (1 shadowed, 1 -i/-o that cannot match)'
	assert_line '  no flow for INPUT rule 4: shadowed'
	assert_line '  no flow for INPUT rule 8: -i/-o that cannot match'
	assert_line 'bpf-xdp file 15 rules: 13 flows x 3 frames: sent 39, the DUT took 39'
	assert_line 'iptables-nft file 15 rules: 13 flows x 3 frames: sent 39, the DUT took 39'
	assert_silent_rules '4 8 '
	# 3 frames a flow; the jump to WEB counts WEB's two flows and its own,
	# which WEB's last rule drops
	run awk '$1 !~ /^:/ { n++; want = n == 11 ? 9 : n == 15 ? 6 : n == 4 || n == 8 ? 0 : 3
		if ($2 != want) print }' "$d/bpf-xdp.c"
	assert_output ''
	assert_nothing_left
}

@test "bench: traffic derived from a FORWARD ruleset, -o, RETURN and destinations beyond the DUT" {
	cat >"$BATS_TEST_TMPDIR/rules" <<-'EOF'
	*filter
	:INPUT ACCEPT [0:0]
	:FORWARD DROP [0:0]
	:OUTPUT ACCEPT [0:0]
	:LAN - [0:0]
	-A FORWARD -i bd0 -o bd1 -d 10.20.0.0/16 -p tcp -m tcp --dport 443 -j ACCEPT
	-A FORWARD -o eth9 -j DROP
	-A FORWARD -d 198.18.1.2/32 -p udp -m udp --sport 53 -j ACCEPT
	-A FORWARD -d 192.0.2.0/24 -j LAN
	-A FORWARD -p tcp -m multiport --ports 25,587 -j DROP
	-A FORWARD -d 198.18.0.0/24 -j DROP
	-A FORWARD ! -d 198.18.1.0/24 -p icmp -m icmp --icmp-type 3/1 -j ACCEPT
	-A LAN -p udp -j RETURN
	-A LAN -p tcp -m tcp --syn -j ACCEPT
	-A LAN -j DROP
	COMMIT
	EOF
	derived_run "$BATS_TEST_TMPDIR/rules" forward
	assert_line 'derived traffic: 8 flows for 10 rules of FORWARD and 1 user chain it reaches; 2 rules have none (1 -i/-o that cannot match, 1 -d out of reach)'
	assert_silent_rules '2 6 '
	# LAN's RETURN sends its flow, and the jump's own, on to the policy
	run grep -x ':FORWARD \[6:276\]' "$d/bpf-xdp.c"
	assert_success
	assert_nothing_left
}

@test "bench: a ruleset with no derivable rule stops before any sandbox" {
	printf '*filter\n-A INPUT -i eth9 -j DROP\n-A INPUT -f -j DROP\nCOMMIT\n' >"$BATS_TEST_TMPDIR/rules"
	run "$BENCH" --ruleset "$BATS_TEST_TMPDIR/rules" --systems iptables-nft
	assert_equal "$status" 2
	assert_line 'derived traffic: 0 flows for 2 rules of INPUT; 2 rules have none (1 -i/-o that cannot match, 1 -f)'
	assert_line --partial 'no traffic to send'
	printf '*filter\n-A INPUT --nosuch\nCOMMIT\n' >"$BATS_TEST_TMPDIR/bad"
	run "$BENCH" --ruleset "$BATS_TEST_TMPDIR/bad" --systems iptables-nft
	assert_equal "$status" 2
	assert_output --partial 'cannot derive traffic from'
	assert_nothing_left
}

@test "bench: --latency-reps gives one median row per system, operation and size" {
	local d=$BATS_TEST_TMPDIR
	run "$BENCH" --latency-reps 0
	assert_equal "$status" 2
	run "$BENCH" --latency-reps 32
	assert_equal "$status" 2
	run "$BENCH" --quiet --rules 1,10 --systems ceiling --reps 1 --seconds 0.02 \
		--latency-reps 2 --latency-csv "$d/l.csv"
	assert_success
	assert_line --regexp '^update latency +rules +restore +-A +-I 1 +-D 1 +\(ms, median of 2\)$'
	assert_equal "$(head -n 1 "$d/l.csv")" 'system,operation,rules,ms'
	run awk -F, 'NR > 1 && (NF != 4 || $1 !~ /^(bpf-iptables|iptables-nft|iptables-legacy|bpf-no-spare)$/ ||
		$2 !~ /^(restore|append|insert|delete)$/ || $3 !~ /^(1|10)$/ ||
		$4 !~ /^[0-9]+\.[0-9]+$/ || $4 <= 0)' "$d/l.csv"
	assert_output ''
	# each of 4 systems x 4 operations x 2 sizes exactly once
	assert_equal "$(tail -n +2 "$d/l.csv" | cut -d, -f1-3 | sort -u | wc -l)" 32
	assert_equal "$(tail -n +2 "$d/l.csv" | wc -l)" 32
	assert_nothing_left
}
