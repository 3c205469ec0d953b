#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# XDP ingress (`bpf-iptables --ingress xdp`): the same INPUT and FORWARD
# verdicts and counters as netfilter (and as TC mode), XDP really
# attached, and a switch of hook at any time that keeps the rules in
# force and the counters. Probes are single segments, so that GRO (which
# XDP sees before) joins nothing: counters must be exactly netfilter's.

load helpers/traffic

setup() { tr_setup; }
teardown() { tr_teardown; }

rules() {
	tr_rules <<-'EOF'
		*filter
		:INPUT DROP [0:0]
		:FORWARD DROP [0:0]
		:OUTPUT ACCEPT [0:0]
		:svc - [0:0]
		-A INPUT -i veth-c -j svc
		-A INPUT -i veth-s -p icmp -j ACCEPT
		-A INPUT -p udp --dport 54 -j REJECT --reject-with icmp-host-prohibited
		-A svc -s 198.18.1.130 -p tcp -j REJECT --reject-with tcp-reset
		-A svc -p tcp --dport 80 -j ACCEPT
		-A svc -p udp -m multiport --dports 53,54 -j ACCEPT
		-A svc -p icmp -j RETURN
		-A FORWARD -i veth-c -o veth-s -p tcp --dport 80 -j ACCEPT
		-A FORWARD -i veth-s -o veth-c -p tcp --sport 80 -j ACCEPT
		-A FORWARD -p udp -j LOG --log-prefix "fwd "
		-A FORWARD -p udp --dport 53 -j ACCEPT
		-A FORWARD -p udp --sport 53 -j ACCEPT
		-A FORWARD -p udp -j REJECT --reject-with icmp-port-unreachable
		COMMIT
	EOF
}

probes() {
	local src dst
	for src in $CLI $CLI2; do
		for dst in $DUTC $SRV; do
			cat <<-EOF
				cli tcp $src - $dst 80
				cli tcp $src - $dst 81
				cli udp $src - $dst 53
				cli udp $src - $dst 54
				cli ping $src - $dst
			EOF
		done
	done
	cat <<-EOF
		srv tcp $SRV - $CLI 80
		srv udp $SRV - $CLI 53
		srv udp $SRV2 - $CLI2 54
		srv ping $SRV - $DUTS
	EOF
}

# xdp_on IFACE: whether an XDP program is attached to the dut's IFACE in
# the product world; xdp_off: whether none is (a function, because bats
# does not fail a test on a negated command).
xdp_on() {
	ip -n "$(tr_ns bpf dut)" -d link show "$1" | grep -q 'prog/xdp'
}
xdp_off() {
	! xdp_on "$1"
}

# tc_ingress_on IFACE: whether a TC ingress filter is on the dut's IFACE.
tc_ingress_on() {
	[[ -n $(tc -n "$(tr_ns bpf dut)" filter show dev "$1" ingress) ]]
}
tc_ingress_off() {
	! tc_ingress_on "$1"
}

@test "XDP ingress: verdicts and counters are netfilter's; switching hooks keeps both" {
	tr_worlds nf bpf
	# Chosen before the first rule: the first dataplane is an XDP one.
	tr_run bpf dut ipt --ingress xdp
	rules
	xdp_on veth-c
	xdp_on veth-s
	xdp_off lo
	tc_ingress_on lo
	tr_serve
	probes | tr_traffic one
	tr_expect one nf "^cli tcp $CLI [0-9]+ $DUTC 80\$" connected
	tr_expect one nf "^cli tcp $CLI2 [0-9]+ $DUTC 80\$" refused
	tr_expect one nf "^cli udp $CLI [0-9]+ $SRV 54\$" "recv:ECONNREFUSED icmp=3/3 from=198.18.1.1"
	tr_check one
	# Back to TC, then XDP again: counters carried, rules in force.
	tr_run bpf dut ipt --ingress tc
	xdp_off veth-c
	tc_ingress_on veth-c
	probes | tr_traffic two
	tr_check two
	tr_run bpf dut ipt --ingress xdp
	xdp_on veth-c
	tc_ingress_off veth-c
	probes | tr_traffic three
	tr_check three
}

@test "--ingress: a word other than xdp or tc is refused, exit 2, nothing changes" {
	tr_worlds bpf
	run tr_run bpf dut ipt --ingress foo
	assert_failure 2
	assert_output - <<-'EOF'
		bpf-iptables v0.1.0 (bpf): --ingress takes `xdp' or `tc', not `foo'
		Try `bpf-iptables -h' or 'bpf-iptables --help' for more information.
	EOF
	tr_run bpf dut ipt -A INPUT -p icmp -j ACCEPT
	xdp_off veth-c
	tc_ingress_on veth-c
}

# A namespace with nothing but lo: lo takes TC even in XDP mode, so the
# XDP program is attached nowhere until an interface comes. It must still
# live (the helper holds it): it used to be freed when the command
# exited, and every later command then found the dataplane gone, built a
# new one and lost the counters.
@test "XDP ingress with only lo: the dataplane lasts, counters count, a later interface gets XDP" {
	local bpf nf dir before ipt nft
	new_ns bpf lo
	new_ns nf lo
	ipt=$(tr_prog bpf ipt)
	nft=$(tr_prog nf ipt)
	for ns in "$bpf" "$nf"; do
		ip -n "$ns" link set lo up
	done
	ip netns exec "$bpf" "$ipt" --ingress xdp 3>&-
	ip netns exec "$bpf" "$ipt" -A INPUT -p icmp -j ACCEPT 3>&-
	ip netns exec "$nf" "$nft" -A INPUT -p icmp -j ACCEPT
	dir=$(echo "$BPF_IPTABLES_RUNDIR"/netns-*)
	before=$(od -A n -t x1 "$dir/dataplane")
	tr_wait_until 2 tr_helper_up "$dir"
	TR_HELPER=$(cat "$dir/helper.pid")
	TR_HELPERS+=("$TR_HELPER")
	for ns in "$bpf" "$nf"; do
		ip netns exec "$ns" ping -c 2 -i 0.2 -W 1 127.0.0.1 >/dev/null
	done
	ip netns exec "$bpf" "$ipt" -A INPUT -p udp -j ACCEPT 3>&-
	ip netns exec "$nf" "$nft" -A INPUT -p udp -j ACCEPT
	run ip netns exec "$bpf" "$ipt" -L INPUT -v -n -x
	assert_output "$(ip netns exec "$nf" "$nft" -L INPUT -v -n -x)"
	assert_output --partial "     4      336 ACCEPT"
	# The same dataplane as before, and its helper still there.
	[[ $(od -A n -t x1 "$dir/dataplane") == "$before" ]]
	kill -0 "$TR_HELPER"
	ip -n "$bpf" link add veth-x type veth peer name veth-y
	ip -n "$bpf" link set veth-x up
	tr_wait_until 2 bash -c "ip -n '$bpf' -d link show veth-x | grep -q 'prog/xdp'"
	[[ $(od -A n -t x1 "$dir/dataplane") == "$before" ]]
}
