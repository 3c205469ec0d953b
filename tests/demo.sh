#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job on a built-in sandbox: two network namespaces joined by a
# veth pair, a realistic ruleset loaded into bpf-iptables in one of them
# and into the real iptables in a twin, and their listings compared.
# Everything it creates is removed on exit, also on error or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/build
RULES=$PWD/tests/data/demo.rules
tag=bpfipt-demo-$$
ns_bpf=$tag-bpf ns_ref=$tag-ref ns_peer=$tag-peer
export BPF_IPTABLES_RUNDIR
BPF_IPTABLES_RUNDIR=$(mktemp -d /tmp/$tag.XXXX)

cleanup() {
	for ns in "$ns_bpf" "$ns_ref" "$ns_peer"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$BPF_IPTABLES_RUNDIR"
}
trap cleanup EXIT INT TERM

for ns in "$ns_bpf" "$ns_ref" "$ns_peer"; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
ip link add d0 netns "$ns_bpf" type veth peer name p0 netns "$ns_peer"
ip -n "$ns_bpf" addr add 198.18.0.1/24 dev d0
ip -n "$ns_peer" addr add 198.18.0.2/24 dev p0
ip -n "$ns_bpf" link set d0 up
ip -n "$ns_peer" link set p0 up

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "loading $RULES into bpf-iptables (namespace $ns_bpf)"
ip netns exec "$ns_bpf" "$BIN/bpf-iptables-restore" --counters "$RULES"
ip netns exec "$ns_bpf" "$BIN/bpf-iptables" -A INPUT -i d0 -s 198.18.0.2 -p tcp --dport 22 -j ACCEPT
ip netns exec "$ns_bpf" "$BIN/bpf-iptables" -L -v -n --line-numbers

step "the same with the real iptables (iptables-nft, namespace $ns_ref)"
ip netns exec "$ns_ref" iptables-nft-restore --counters "$RULES"
ip netns exec "$ns_ref" iptables-nft -A INPUT -i d0 -s 198.18.0.2 -p tcp --dport 22 -j ACCEPT

compare() {
	local what=$1
	shift
	if diff <(ip netns exec "$ns_ref" iptables-nft "$@") \
		<(ip netns exec "$ns_bpf" "$BIN/bpf-iptables" "$@") >/dev/null; then
		echo "identical: iptables $what"
	else
		echo "DIFFERENT: iptables $what" >&2
		return 1
	fi
}
compare "-S" -S
compare "-L -v -n -x --line-numbers" -L -v -n -x --line-numbers
compare "-L" -L
save_body() { grep -v '^#'; }
if diff <(ip netns exec "$ns_ref" iptables-nft-save -c | save_body) \
	<(ip netns exec "$ns_bpf" "$BIN/bpf-iptables-save" -c | save_body) >/dev/null; then
	echo "identical: iptables-save -c"
else
	echo "DIFFERENT: iptables-save -c" >&2
	exit 1
fi

step "state is per network namespace"
echo "rules in $ns_peer: $(ip netns exec "$ns_peer" "$BIN/bpf-iptables" -S | grep -c '^-A' || true)"
echo "rules in $ns_bpf: $(ip netns exec "$ns_bpf" "$BIN/bpf-iptables" -S | grep -c '^-A')"

step "note"
echo "The rules are kept and listed exactly as iptables does; enforcing them on"
echo "traffic (the eBPF dataplane) is the next milestone and not built yet."
