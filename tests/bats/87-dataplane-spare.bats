#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Spare dataplanes (docs/ARCHITECTURE.md, "Spare dataplanes"): the first
# command of a namespace that had to load its programs starts a keeper,
# which loads one more dataplane like it for the next namespace. A
# namespace that takes it must enforce exactly as one that loaded its
# own (traffic and counters against iptables-nft), a spare of another
# kind is left alone, BPF_IPTABLES_SPARE=0 turns all of it off, and the
# keeper holds no namespace and does not outlive its state root.

load helpers/traffic

# The server's SYN-ACK is accepted in FORWARD: with it left to the
# policy, one CI run counted 8 bytes more in the policy's 6 packets in a
# product world than in iptables-nft's (a SYN-ACK is 52 bytes without
# TCP timestamps, 60 with; the server's kernel chooses; not proven).
RULES='*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p udp --dport 53 -j DROP
-A INPUT -p tcp --dport 81 -j REJECT --reject-with tcp-reset
-A FORWARD -p tcp --dport 80 -j ACCEPT
-A FORWARD -p tcp --sport 80 -j ACCEPT
-A FORWARD -p icmp -j ACCEPT
COMMIT'

probes() {
	cat <<-EOF
		cli tcp $CLI - $DUTC 80
		cli tcp $CLI - $DUTC 81
		cli udp $CLI - $DUTC 53
		cli udp $CLI - $DUTC 54
		cli ping $CLI - $DUTC
		cli tcp $CLI - $SRV 80
		cli udp $CLI - $SRV 53
		cli ping $CLI2 - $SRV2
		srv tcp $SRV - $CLI 81
		dut ping $DUTC - $CLI2
	EOF
}

# keeper_pid: the keeper of this test's state root.
keeper_pid() { pgrep -f "^bpf-iptables --spare-keeper $BPF_IPTABLES_RUNDIR " | head -1; }

# spares_ready: the keeper says a spare is ready (it loads one once the
# machine is quiet, or after 5 s of waiting for that, as under a
# parallel test run) (its program ids in
# $BATS_TEST_TMPDIR/spare).
spares_ready() {
	"$PROD_IPT" --spare-status >"$BATS_TEST_TMPDIR/spare" 2>&1 &&
		[[ $(head -1 "$BATS_TEST_TMPDIR/spare") == "spares "[1-9]* ]]
}

# record_progs DIR: the program ids a namespace's dataplane record names.
record_progs() {
	od -A n -t u4 -j 8 -N 16 "$1/dataplane" | tr -s ' ' '\n' | grep -v '^0*$' | sort -n
}

@test "spare: the next namespace takes the spare and enforces with it as iptables-nft does" {
	local dir2 spare got kp ns
	tr_worlds nf bpf
	tr_world bpf2 bpf
	tr_serve
	echo "$RULES" >"$TR_DIR/rules"
	tr_run nf dut restore <"$TR_DIR/rules"
	tr_run bpf dut restore <"$TR_DIR/rules"
	# The keeper started with the first restore loads a spare.
	tr_wait_until 15 spares_ready
	spare=$(tail -n +2 "$BATS_TEST_TMPDIR/spare" | sort -n)
	[[ -n $spare ]]
	tr_run bpf2 dut restore <"$TR_DIR/rules"
	dir2=$(tr_bpf_state_dir bpf2 dut)
	got=$(record_progs "$dir2")
	assert_equal "$got" "$spare"
	# ... attached where a dataplane of its own would be.
	run tr_tc_filters bpf2 dut
	assert_output --partial "id $(head -1 <<<"$spare") "
	probes | tr_traffic s1
	tr_expect s1 nf "^cli udp $CLI [0-9]+ $DUTC 53\$" timeout
	tr_expect s1 nf "^cli tcp $CLI [0-9]+ $DUTC 81\$" refused
	tr_same s1 bpf
	tr_same s1 bpf2
	tr_state s1c
	tr_same s1c bpf
	tr_same s1c bpf2
	# Later commands change it like any other.
	tr_all dut -I INPUT 1 -p icmp -j DROP
	probes | tr_traffic s2
	tr_expect s2 nf "^cli ping $CLI [0-9]+ $DUTC\$" timeout
	tr_same s2 bpf
	tr_same s2 bpf2
	tr_state s2c
	tr_same s2c bpf
	tr_same s2c bpf2
	# The keeper is in none of the test's namespaces, nor the host's.
	kp=$(keeper_pid)
	[[ -n $kp ]]
	for ns in $(ip netns list | awk '{print $1}' | grep "^$NS_PREFIX"); do
		[[ $(stat -L -c %i "/run/netns/$ns") != $(stat -L -c %i "/proc/$kp/ns/net") ]]
	done
	[[ $(stat -L -c %i /proc/self/ns/net) != $(stat -L -c %i "/proc/$kp/ns/net") ]]
}

@test "spare: a spare of another kind (XDP ingress) is left to its kind" {
	local a b dir spare
	new_ns a spa
	new_ns b spb
	ip netns exec "$a" "$PROD_RESTORE" <<<"$RULES" 3>&-
	tr_wait_until 15 spares_ready
	spare=$(tail -n +2 "$BATS_TEST_TMPDIR/spare" | sort -n)
	ip netns exec "$b" "$PROD_IPT" --ingress xdp 3>&-
	ip netns exec "$b" "$PROD_RESTORE" <<<"$RULES" 3>&-
	dir=$(echo "$BPF_IPTABLES_RUNDIR"/netns-*)
	for d in $dir; do
		[[ $(record_progs "$d") != "$spare" ]]
	done
	# The TC spare is still there for a TC namespace.
	for id in $spare; do
		tr_prog_exists "$id"
	done
	run ip netns exec "$b" "$PROD_IPT" -S INPUT
	assert_success
	assert_line -- '-A INPUT -p udp -m udp --dport 53 -j DROP'
}

@test "spare: BPF_IPTABLES_SPARE=0 starts no keeper" {
	local a
	new_ns a off
	BPF_IPTABLES_SPARE=0 ip netns exec "$a" "$PROD_RESTORE" <<<"$RULES" 3>&-
	run ip netns exec "$a" "$PROD_IPT" -S INPUT
	assert_line -- '-A INPUT -p udp -m udp --dport 53 -j DROP'
	sleep 0.3
	[[ ! -e $BPF_IPTABLES_RUNDIR/spare.sock ]]
	[[ -z $(keeper_pid) ]]
	run "$PROD_IPT" --spare-status
	assert_failure
	assert_output 'keeper none'
}

@test "spare: one keeper per state root; it leaves on --spare-stop and when its socket is gone" {
	local a b kp ids id
	new_ns a ka
	ip netns exec "$a" "$PROD_RESTORE" <<<"$RULES" 3>&-
	tr_wait_until 15 spares_ready
	kp=$(keeper_pid)
	ids=$(tail -n +2 "$BATS_TEST_TMPDIR/spare")
	# A second one gives way at once.
	run "$PROD_IPT" --spare-keeper "$BPF_IPTABLES_RUNDIR" 00
	assert_success
	assert_equal "$(pgrep -fc "^bpf-iptables --spare-keeper $BPF_IPTABLES_RUNDIR ")" 1
	"$PROD_IPT" --spare-stop
	tr_pid_gone "$kp"
	# Its spare goes with it.
	for id in $ids; do
		tr_wait_until 2 tr_not tr_prog_exists "$id"
	done
	new_ns b kb
	ip netns exec "$b" "$PROD_RESTORE" <<<"$RULES" 3>&-
	tr_wait_until 5 test -S "$BPF_IPTABLES_RUNDIR/spare.sock"
	kp=$(keeper_pid)
	[[ -n $kp ]]
	rm "$BPF_IPTABLES_RUNDIR/spare.sock"
	tr_wait_until 3 tr_pid_gone "$kp"
}

@test "spare: a state root too long for a unix socket path works without a keeper" {
	local a root
	root="$BATS_TEST_TMPDIR/$(printf 'r%.0s' {1..100})"
	mkdir -p "$root"
	new_ns a long
	BPF_IPTABLES_RUNDIR=$root ip netns exec "$a" "$PROD_RESTORE" <<<"$RULES" 3>&-
	run env BPF_IPTABLES_RUNDIR="$root" ip netns exec "$a" "$PROD_IPT" -S INPUT
	assert_line -- '-A INPUT -p udp -m udp --dport 53 -j DROP'
	sleep 0.3
	[[ -z $(pgrep -f "^bpf-iptables --spare-keeper $root ") ]]
	BPF_IPTABLES_RUNDIR=$root ip netns exec "$a" "$PROD_IPT" --teardown 3>&-
}
