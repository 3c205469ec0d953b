# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# One test topology: three network namespaces in a line,
#
#   PREFIX-cli  veth-d ==== veth-c  PREFIX-dut  veth-s ==== veth-d  PREFIX-srv
#   198.18.1.2/24           198.18.1.1/24       198.18.2.1/24       198.18.2.2/24
#   198.18.1.130/24                                                 198.18.2.66/24
#   198.18.1.240-247/24
#
# The dut (device under test) forwards between the two and holds the
# ruleset. Sourced by diff-traffic.sh. The addresses and interface names
# are also compiled into gen_pools.h (rules and probes use them): change
# both together.
#
# Everything is chosen so that the only packets on the wires are the
# probes' own, and their number does not depend on timing:
#   - IPv6 off on every interface: no router solicitations, no DAD;
#   - permanent neighbour entries with fixed MACs: no ARP;
#   - tcp_synack_retries=0: a SYN-ACK that gets no answer is not sent again;
#   - icmp_ratelimit=0 and icmp_ratemask=0: REJECT's and the hosts' ICMP
#     errors are never rate-limited (neither per destination nor by the
#     per-namespace global bucket of 50);
#   - ping_group_range covers root, so the probes can use ping sockets.

TOPO_MAC_CLI=02:00:c6:12:01:02
TOPO_MAC_DUT_C=02:00:c6:12:01:01
TOPO_MAC_DUT_S=02:00:c6:12:02:01
TOPO_MAC_SRV=02:00:c6:12:02:02
TOPO_CLI_ADDRS=(198.18.1.2 198.18.1.130)
TOPO_SRV_ADDRS=(198.18.2.2 198.18.2.66)
# Sources of the probes to unrouted destinations (see gen_pools.c).
TOPO_CLI_ADDRS+=(198.18.1.24{0..7})

# Prefixes of the topologies created by this shell, for topo_destroy_all.
TOPO_CREATED=()

# topo_ns PREFIX ROLE: the namespace's name.
topo_ns() {
	echo "$1-$2"
}

# topo_exec PREFIX ROLE CMD...: run CMD in the namespace.
topo_exec() {
	local ns=$1-$2
	shift 2
	ip netns exec "$ns" "$@"
}

# The sysctls common to the three namespaces, set before any interface
# exists so that "default" applies to the veths too.
topo_sysctl_common() {
	topo_exec "$1" "$2" sysctl -q -w \
		net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv6.conf.lo.disable_ipv6=1 \
		net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 \
		net.ipv4.icmp_ratelimit=0 \
		net.ipv4.icmp_ratemask=0 \
		net.ipv4.tcp_synack_retries=0 \
		net.ipv4.tcp_no_metrics_save=1 \
		net.ipv4.ping_group_range="0 0"
}

# topo_create PREFIX: build the three namespaces and their links.
topo_create() {
	local p=$1 role a
	TOPO_CREATED+=("$p")
	for role in cli dut srv; do
		ip netns add "$p-$role" || return 1
		topo_sysctl_common "$p" "$role" || return 1
		ip -n "$p-$role" link set lo up || return 1
	done
	topo_exec "$p" dut sysctl -q -w net.ipv4.ip_forward=1 || return 1

	ip link add veth-c netns "$p-dut" address "$TOPO_MAC_DUT_C" type veth \
		peer name veth-d netns "$p-cli" address "$TOPO_MAC_CLI" || return 1
	ip link add veth-s netns "$p-dut" address "$TOPO_MAC_DUT_S" type veth \
		peer name veth-d netns "$p-srv" address "$TOPO_MAC_SRV" || return 1

	ip -n "$p-dut" addr add 198.18.1.1/24 dev veth-c || return 1
	ip -n "$p-dut" addr add 198.18.2.1/24 dev veth-s || return 1
	for a in "${TOPO_CLI_ADDRS[@]}"; do
		ip -n "$p-cli" addr add "$a/24" dev veth-d || return 1
		ip -n "$p-dut" neigh replace "$a" lladdr "$TOPO_MAC_CLI" nud permanent dev veth-c || return 1
	done
	for a in "${TOPO_SRV_ADDRS[@]}"; do
		ip -n "$p-srv" addr add "$a/24" dev veth-d || return 1
		ip -n "$p-dut" neigh replace "$a" lladdr "$TOPO_MAC_SRV" nud permanent dev veth-s || return 1
	done
	ip -n "$p-cli" neigh replace 198.18.1.1 lladdr "$TOPO_MAC_DUT_C" nud permanent dev veth-d || return 1
	ip -n "$p-srv" neigh replace 198.18.2.1 lladdr "$TOPO_MAC_DUT_S" nud permanent dev veth-d || return 1

	ip -n "$p-dut" link set veth-c up || return 1
	ip -n "$p-dut" link set veth-s up || return 1
	ip -n "$p-cli" link set veth-d up || return 1
	ip -n "$p-srv" link set veth-d up || return 1
	# Only the benchmarking range goes to the dut: nothing else is routed.
	ip -n "$p-cli" route add 198.18.0.0/15 via 198.18.1.1 dev veth-d || return 1
	ip -n "$p-srv" route add 198.18.0.0/15 via 198.18.2.1 dev veth-d || return 1
}

# topo_destroy PREFIX: remove the namespaces (their veths go with them).
topo_destroy() {
	local role
	for role in cli dut srv; do
		ip netns del "$1-$role" 2>/dev/null
	done
	return 0
}

topo_destroy_all() {
	local p
	for p in "${TOPO_CREATED[@]}"; do
		topo_destroy "$p"
	done
	TOPO_CREATED=()
}
