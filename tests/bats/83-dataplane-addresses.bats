#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# What is local (INPUT) follows the namespace's addresses: an address
# added after the rules were loaded is INPUT at once, as it is for
# netfilter, which decides after the kernel's own routing. Each case runs
# against iptables-nft and bpf-iptables in twin topologies.

load helpers/diff

# pair PREFIX: namespaces PREFIX-h (the host under test) and PREFIX-p (a
# peer) joined by a veth, 198.18.7.1 and .2, the peer routing
# 198.18.0.0/15 through the host.
pair() {
	local h p
	new_ns h "${1}h"
	new_ns p "${1}p"
	ip link add veth-h netns "$h" type veth peer name veth-p netns "$p"
	ip -n "$h" addr add 198.18.7.1/24 dev veth-h
	ip -n "$p" addr add 198.18.7.2/24 dev veth-p
	ip -n "$h" link set veth-h up
	ip -n "$p" link set veth-p up
	ip -n "$h" link set lo up
	ip -n "$p" route add 198.18.0.0/15 via 198.18.7.1
	PAIR_H=$h PAIR_P=$p
}

# ping_outcome NS ADDR: "answered" or "lost"
ping_outcome() {
	if ip netns exec "$1" ping -c1 -W1 "$2" >/dev/null 2>&1; then
		echo answered
	else
		echo lost
	fi
}

@test "an address added after the rules is INPUT at once" {
	pair n
	nf_h=$PAIR_H nf_p=$PAIR_P
	pair b
	bpf_h=$PAIR_H bpf_p=$PAIR_P
	ip netns exec "$nf_h" iptables-nft -A INPUT -d 198.18.9.1 -p icmp -j DROP
	prod "$bpf_h" ipt -A INPUT -d 198.18.9.1 -p icmp -j DROP
	ip -n "$nf_h" addr add 198.18.9.1/32 dev veth-h
	ip -n "$bpf_h" addr add 198.18.9.1/32 dev veth-h
	sleep 0.3 # the helper hears of the address
	nf=$(ping_outcome "$nf_p" 198.18.9.1)
	ours=$(ping_outcome "$bpf_p" 198.18.9.1)
	assert_equal "$ours" "$nf"
	assert_equal "$nf" lost
	# Not vacuous: the host's first address still answers on both.
	assert_equal "$(ping_outcome "$bpf_p" 198.18.7.1)" answered
	assert_equal "$(ping_outcome "$nf_p" 198.18.7.1)" answered
	run prod "$bpf_h" ipt -L INPUT -v -x -n
	assert_line --regexp '^ +1 +84 DROP +1 '
}
