#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The dataplane's life: rules in force as soon as the command returns, on
# interfaces that appear later and on lo; --teardown leaves nothing behind;
# namespaces never see each other's rules, not even one deleted without
# --teardown. Traffic is compared with netfilter (iptables-nft, or
# iptables-legacy where the two differ). See helpers/traffic.bash.

load helpers/traffic

# probes_basic: a little of everything into, through and out of the dut.
probes_basic() {
	cat <<-EOF
		cli tcp $CLI - $DUTC 80
		cli udp $CLI - $DUTC 53
		cli ping $CLI - $DUTC
		cli tcp $CLI - $SRV 80
		cli udp $CLI - $SRV 53
		cli ping $CLI2 - $SRV2
		srv tcp $SRV - $CLI 81
		srv udp $SRV - $CLI2 54
		srv ping $SRV - $DUTS
		dut tcp $DUTC - $CLI 80
		dut udp $DUTS - $SRV 53
		dut ping $DUTC - $CLI2
	EOF
}

@test "rules are in force as soon as each command returns" {
	tr_worlds
	tr_serve
	# Nothing of the product runs in the namespace before the first rule.
	state=$(tr_bpf_state_dir bpf dut)
	[[ ! -e $state ]]
	# The product world is last in TR_WORLDS: its traffic starts right
	# after its own command returns.
	tr_all dut -A INPUT -p udp --dport 53 -j DROP
	probes_basic | tr_traffic a1
	tr_expect a1 nf "^cli udp $CLI [0-9]+ $DUTC 53\$" timeout
	tr_same a1
	tr_all dut -I FORWARD -p tcp -j REJECT --reject-with tcp-reset
	probes_basic | tr_traffic a2
	tr_expect a2 nf "^cli tcp $CLI [0-9]+ $SRV 80\$" refused
	tr_same a2
	tr_all dut -D INPUT 1
	tr_all dut -P OUTPUT DROP
	probes_basic | tr_traffic a3
	tr_same a3
	tr_rules <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		-A FORWARD -p icmp -j DROP
		-A OUTPUT -p udp -j DROP
		COMMIT
	EOF
	probes_basic | tr_traffic a4
	tr_expect a4 nf "^dut udp $DUTS [0-9]+ $SRV 53\$" send:EPERM
	tr_same a4
	tr_all dut -F
	probes_basic | tr_traffic a5
	tr_check a5
}

# new_link WORLD: a veth pair created in the client's namespace, one end
# then moved into the dut as veth-n, 198.18.3.0/24 between them; the
# client reaches the server's network through it.
new_link() {
	local cli dut
	cli=$(tr_ns "$1" cli)
	dut=$(tr_ns "$1" dut)
	ip -n "$cli" link add veth-m address 02:00:c6:12:03:02 type veth \
		peer name veth-n address 02:00:c6:12:03:01 &&
		ip -n "$cli" link set veth-n netns "$dut" &&
		ip -n "$dut" addr add 198.18.3.1/24 dev veth-n &&
		ip -n "$cli" addr add 198.18.3.2/24 dev veth-m &&
		ip -n "$dut" neigh replace 198.18.3.2 lladdr 02:00:c6:12:03:02 nud permanent dev veth-n &&
		ip -n "$cli" neigh replace 198.18.3.1 lladdr 02:00:c6:12:03:01 nud permanent dev veth-m &&
		ip -n "$dut" link set veth-n up &&
		ip -n "$cli" link set veth-m up &&
		ip -n "$cli" route add 198.18.2.0/24 via 198.18.3.1 dev veth-m
}

@test "an interface that appears after the rules were loaded is enforced" {
	tr_worlds
	tr_rules <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		-A INPUT -i veth-n -p udp --dport 53 -j DROP
		-A INPUT -i veth-n -p tcp --dport 81 -j REJECT --reject-with tcp-reset
		-A INPUT -p tcp --dport 80
		-A FORWARD -i veth-n -p udp --dport 54 -j DROP
		-A FORWARD -o veth-n -p icmp -j DROP
		-A FORWARD -i veth-+ -p tcp
		-A OUTPUT -o veth-n -p udp --dport 54 -j DROP
		COMMIT
	EOF
	tr_serve
	for w in "${TR_WORLDS[@]}"; do
		new_link "$w"
	done
	cat <<-EOF | tr_traffic newif
		cli tcp 198.18.3.2 - 198.18.3.1 80
		cli tcp 198.18.3.2 - 198.18.3.1 81
		cli udp 198.18.3.2 - 198.18.3.1 53
		cli udp 198.18.3.2 - 198.18.3.1 54
		cli ping 198.18.3.2 - 198.18.3.1
		cli tcp 198.18.3.2 - $SRV 80
		cli udp 198.18.3.2 - $SRV 53
		cli udp 198.18.3.2 - $SRV 54
		cli ping 198.18.3.2 - $SRV
		dut udp 198.18.3.1 - 198.18.3.2 53
		dut udp 198.18.3.1 - 198.18.3.2 54
		dut tcp 198.18.3.1 - 198.18.3.2 80
	EOF
	tr_expect newif nf "^cli udp 198.18.3.2 [0-9]+ 198.18.3.1 53\$" timeout
	tr_expect newif nf "^cli ping 198.18.3.2 [0-9]+ $SRV\$" timeout
	tr_check newif
	run tr_tc_filters bpf dut
	assert_line --regexp '^veth-n ingress .*bpf'
	assert_line --regexp '^veth-n egress .*bpf'
}

@test "lo is covered: INPUT -i lo and OUTPUT -o lo on the dut's own traffic" {
	tr_worlds
	tr_rules <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		-A INPUT -i lo -p udp --dport 53 -j DROP
		-A INPUT -i lo -p icmp -j REJECT --reject-with icmp-host-prohibited
		-A INPUT ! -i lo -p tcp --dport 81 -j DROP
		-A OUTPUT -o lo -p tcp --dport 81 -j REJECT --reject-with tcp-reset
		-A OUTPUT -o lo -p udp --dport 54
		COMMIT
	EOF
	tr_serve
	cat <<-EOF | tr_traffic lo
		dut tcp $DUTC - $DUTC 80
		dut tcp $DUTC - $DUTS 81
		dut udp $DUTC - $DUTS 53
		dut udp $DUTS - $DUTS 54
		dut ping $DUTC - $DUTS
		dut tcp 127.0.0.1 - 127.0.0.1 81
		dut udp 127.0.0.1 - 127.0.0.1 53
		dut udp 127.0.0.1 - 127.0.0.1 54
		dut ping 127.0.0.1 - 127.0.0.1
		cli tcp $CLI - $DUTC 81
		cli udp $CLI - $DUTC 53
	EOF
	tr_expect lo nf "^dut udp $DUTC [0-9]+ $DUTS 53\$" timeout
	tr_expect lo nf "^dut tcp 127.0.0.1 [0-9]+ 127.0.0.1 81\$" refused
	tr_check lo
	run tr_tc_filters bpf dut
	assert_line --regexp '^lo ingress .*bpf'
}

# A restrictive ruleset whose effect is plain (and that would cut the
# namespace off if anything of it stayed in force).
closed_rules() {
	cat <<-'EOF'
		*filter
		:INPUT DROP [0:0]
		:FORWARD DROP [0:0]
		:OUTPUT DROP [0:0]
		-A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset
		COMMIT
	EOF
}

@test "--teardown removes programs, cgroup program, helper and state; traffic flows as with no rules" {
	# The nf world never gets a rule: it shows what "no rules" gives.
	tr_worlds nf bpf
	closed_rules >"$TR_DIR/closed.rules"
	tr_run bpf dut restore <"$TR_DIR/closed.rules"
	tr_serve
	probes_basic | tr_traffic closed
	tr_expect closed bpf "^cli udp $CLI [0-9]+ $SRV 53\$" timeout
	tr_expect closed nf "^cli udp $CLI [0-9]+ $SRV 53\$" answered

	state=$(tr_bpf_state_dir bpf dut)
	[[ -d $state ]]
	tr_helper_pid bpf dut
	pid=$TR_HELPER
	kill -0 "$pid"
	foot=$(tr_bpf_footprint bpf dut)
	tc_ids=${foot%|*} cg_ids=${foot#*|}
	echo "footprint before teardown: tc [$tc_ids] cgroup [$cg_ids]"
	[[ -n $tc_ids && -n $cg_ids ]]
	for id in $cg_ids; do tr_cgroup_attached "$id"; done

	run tr_run bpf dut ipt --teardown
	assert_success
	assert_output ''

	run tr_tc_filters bpf dut
	assert_output ''
	[[ ! -e $state ]]
	echo "cgroup root after teardown: $(tr_cgroup_ids)"
	tr_bpf_gone "$pid" "$tc_ids" "$cg_ids"
	probes_basic | tr_traffic open
	tr_same open bpf nf
	# What the product lists now is a namespace that never had rules.
	run tr_run bpf dut ipt -S
	assert_output "$(tr_run nf dut ipt -S)"
}

@test "a dataplane whose record this build refuses (another version's) is removed, not left enforcing" {
	tr_worlds nf bpf
	tr_all dut -A OUTPUT -p udp --dport 53 -j DROP
	tr_serve
	probes_basic | tr_traffic before
	tr_same before bpf nf
	state=$(tr_bpf_state_dir bpf dut)
	tr_helper_pid bpf dut
	pid=$TR_HELPER
	foot=$(tr_bpf_footprint bpf dut)
	tc_ids=${foot%|*} cg_ids=${foot#*|}
	[[ -n $tc_ids && -n $cg_ids ]]
	# What an upgrade leaves: the programs still attached, the helper
	# still running, a record of a format this build does not read.
	printf 'BPFDP00' | dd of="$state/dataplane" bs=1 count=7 conv=notrunc status=none

	# OUTPUT empty again: nothing left to enforce, and nothing of the old
	# dataplane may go on dropping.
	tr_all dut -D OUTPUT 1
	tr_bpf_gone "$pid" "$tc_ids" "$cg_ids"
	probes_basic | tr_traffic open
	tr_same open bpf nf

	# And a rule builds a new dataplane, in force at once.
	tr_all dut -A OUTPUT -p udp --dport 53 -j DROP
	probes_basic | tr_traffic again
	tr_same again bpf nf
}

@test "a packet REJECTed just before the dataplane is replaced still gets its reply" {
	tr_worlds nf bpf
	tr_all dut -A INPUT -p udp --dport 53 -j REJECT
	tr_helper_pid bpf dut
	# The helper is held still, so that the REJECT's event waits in the
	# ring buffer of the dataplane about to be replaced (switching the
	# ingress hook makes a new one, with a ring buffer of its own).
	kill -STOP "$TR_HELPER"
	echo "cli udp $CLI - $DUTC 53" | tr_traffic late &
	traffic=$!
	sleep 0.1
	# Released while the command waits for it to go: it must answer the
	# queued REJECT before it exits, well within the probe's 500 ms.
	(sleep 0.2 && kill -CONT "$TR_HELPER") &
	tr_run bpf dut ipt --ingress xdp
	wait "$traffic"
	tr_expect late bpf "^cli udp $CLI [0-9]+ $DUTC 53\$" "recv:ECONNREFUSED icmp=3/3 from=$DUTC"
	tr_same late bpf nf
	tr_pid_gone "$TR_HELPER"
	# The new dataplane's helper answers the next one.
	echo "cli udp $CLI - $DUTC 53" | tr_traffic next
	tr_same next bpf nf
}

@test "--teardown leaves no clsact qdisc behind" {
	tr_worlds bpf
	before=$(tr_tc_qdiscs bpf dut; tr_tc_qdiscs bpf cli)
	closed_rules | tr_rules
	tr_rules cli <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		COMMIT
	EOF
	run tr_tc_qdiscs bpf dut
	assert_output --partial clsact
	tr_run bpf dut ipt --teardown
	tr_run bpf cli ipt --teardown
	after=$(tr_tc_qdiscs bpf dut; tr_tc_qdiscs bpf cli)
	assert_equal "$after" "$before"
}

@test "after --teardown, new rules build a dataplane again" {
	tr_worlds
	closed_rules | tr_rules
	tr_serve
	tr_run bpf dut ipt --teardown
	tr_all dut -F
	tr_all dut -P INPUT ACCEPT
	tr_run nf dut ipt -P FORWARD ACCEPT
	tr_run nf dut ipt -P OUTPUT ACCEPT
	tr_run lg dut ipt -P FORWARD ACCEPT
	tr_run lg dut ipt -P OUTPUT ACCEPT
	tr_all dut -A FORWARD -p udp --dport 53 -j REJECT --reject-with icmp-net-prohibited
	# Not all ICMP: REJECT's own error leaves through OUTPUT.
	tr_all dut -A OUTPUT -p icmp --icmp-type echo-request -j DROP
	probes_basic | tr_traffic again
	tr_expect again nf "^cli udp $CLI [0-9]+ $SRV 53\$" \
		"recv:ENETUNREACH icmp=3/9 from=$DUTC"
	tr_check again
}

@test "two namespaces with different rules never affect each other" {
	tr_worlds
	tr_rules dut <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		-A INPUT -p icmp -j DROP
		-A FORWARD -p tcp --dport 81 -j DROP
		-A OUTPUT -p udp --dport 53 -j DROP
		-A OUTPUT -p udp --dport 54 -j REJECT
		COMMIT
	EOF
	tr_rules srv <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD DROP [0:0]
		:OUTPUT ACCEPT [0:0]
		-A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset
		-A INPUT -p udp --dport 53
		-A OUTPUT -d 198.18.1.130 -j DROP
		-A OUTPUT -p icmp --icmp-type echo-request -j DROP
		COMMIT
	EOF
	tr_serve
	{
		probes_basic
		# Senders in the other namespaces use the ports and protocols
		# that the dut's OUTPUT drops: they must not see its EPERM.
		echo "cli udp $CLI - $SRV 53"
		echo "cli udp $CLI - $SRV 54"
		echo "srv udp $SRV - $CLI 53"
		echo "srv udp $SRV2 - $DUTS 54"
		echo "srv ping $SRV - $CLI"
		echo "cli ping $CLI - $SRV"
		echo "dut ping $DUTS - $SRV"
		echo "cli tcp $CLI2 - $SRV 80"
	} | tr_traffic both
	tr_expect both nf "^cli udp $CLI [0-9]+ $SRV 54\$" answered
	tr_expect both nf "^dut udp $DUTS [0-9]+ $SRV 53\$" send:EPERM
	tr_expect both nf "^srv ping $SRV [0-9]+ $CLI\$" send:EPERM
	tr_check both dut
	tr_counters both.srv srv
	tr_counters both.cli cli
}

# gone_world: a fourth world "gone", closed in every direction, outside
# the comparison (TR_WORLDS stays as it was), with a dataplane in its dut;
# GONE_HELPERS and GONE_CGROUP get its helper's pid and its cgroup
# program.
gone_world() {
	local foot worlds=("${TR_WORLDS[@]}")
	tr_world gone bpf || return 1
	TR_WORLDS=("${worlds[@]}")
	closed_rules >"$TR_DIR/closed.rules"
	tr_run gone dut restore <"$TR_DIR/closed.rules" || return 1
	tr_helper_pid gone dut || return 1
	GONE_HELPERS=("$TR_HELPER")
	foot=$(tr_bpf_footprint gone dut)
	GONE_CGROUP=${foot#*|}
	echo "gone: helpers ${GONE_HELPERS[*]}, cgroup programs$GONE_CGROUP"
	[[ -n ${GONE_CGROUP// /} ]]
}

gone_delete() {
	local role
	for role in cli dut srv; do
		ip netns del "$(tr_ns gone "$role")" || return 1
	done
}

@test "a namespace deleted without --teardown disturbs no other namespace" {
	tr_worlds
	tr_rules <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		-A FORWARD -p udp --dport 54 -j DROP
		-A INPUT -p tcp --dport 81 -j REJECT
		COMMIT
	EOF
	tr_serve
	gone_world
	probes_basic | tr_traffic before
	tr_check before
	gone_delete
	probes_basic | tr_traffic at_once
	tr_check at_once
	# A dataplane created now (it looks for programs of dead namespaces
	# on the cgroup) is as usual.
	tr_rules cli <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		-A OUTPUT -p udp --dport 54 -j DROP
		COMMIT
	EOF
	probes_basic | tr_traffic later
	tr_check later
	tr_counters later.cli cli
}

@test "a namespace deleted without --teardown leaves no helper and no cgroup program behind" {
	gone_world
	gone_delete
	# The helper is the namespace's last process: it is to notice (it
	# looks once a second), detach the cgroup program, and exit.
	for pid in "${GONE_HELPERS[@]}"; do
		tr_wait_until 3 tr_pid_gone "$pid"
	done
	for id in $GONE_CGROUP; do
		tr_wait_until 2 tr_not tr_cgroup_attached "$id"
	done
}

@test "the helper keeps none of the calling command's file descriptors" {
	tr_worlds bpf
	# A descriptor open in the caller (a pipe to a log reader, the test
	# runner's own output): a helper that kept it would keep the reader
	# waiting for its end until the helper exits.
	tr_run bpf dut ipt -A INPUT -p udp -j ACCEPT 7>"$TR_DIR/caller-fd"
	tr_helper_pid bpf dut
	held=$(ls -l "/proc/$TR_HELPER/fd/" | grep -F "$TR_DIR/caller-fd" || true)
	echo "helper $TR_HELPER holds: $held"
	[[ -z $held ]]
}

# The helper starts after the command that made the dataplane returns
# (it waits for the table's lock): an interface added at once, before
# the helper listens to link events, is found by its first look at the
# links.
@test "an interface added right after the first command is attached by the starting helper" {
	local ns ipt dir
	new_ns ns early
	ipt=$(tr_prog bpf ipt)
	ip netns exec "$ns" "$ipt" -A INPUT -p udp --dport 53 -j DROP 3>&- &&
		ip -n "$ns" link add veth-e0 type veth peer name veth-e1
	dir=$(echo "$BPF_IPTABLES_RUNDIR"/netns-*)
	tr_wait_until 2 tr_helper_up "$dir"
	TR_HELPERS+=("$(cat "$dir/helper.pid")")
	tr_wait_until 3 eval "tc -n $ns filter show dev veth-e0 ingress | grep -q bpfipt"
	tr_wait_until 3 eval "tc -n $ns filter show dev veth-e1 egress | grep -q bpfipt"
}
