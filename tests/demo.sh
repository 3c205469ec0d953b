#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job on a built-in sandbox: a realistic host firewall loaded
# into bpf-iptables in one network namespace and into the real iptables
# (iptables-nft) in a twin, each with a peer namespace on a veth pair;
# their listings compared, then the same connections, datagrams and pings
# sent from each peer, and what every sender saw and every rule counted
# compared; then the quick throughput benchmark (bpf-iptables-bench
# --quick). Everything it creates is removed on exit, also on error or
# Ctrl-C. Exit status 0 only if everything was identical and the
# benchmark ran.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/build
PROBE=$BIN/tests/e2e/bpfipt-probe
RULES=$PWD/tests/data/demo.rules
tag=bpfipt-demo-$$
export BPF_IPTABLES_RUNDIR
BPF_IPTABLES_RUNDIR=$(mktemp -d /tmp/$tag.XXXX)
servers=()

cleanup() {
	local pid ns
	for pid in "${servers[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	ip netns exec "$tag-bpf" "$BIN/bpf-iptables" --teardown 2>/dev/null || true
	for ns in bpf bpf-peer ref ref-peer; do
		ip netns del "$tag-$ns" 2>/dev/null || true
	done
	# The keeper of spare dataplanes the first restore started.
	"$BIN/bpf-iptables" --spare-stop 2>/dev/null || true
	rm -rf "$BPF_IPTABLES_RUNDIR"
}
trap cleanup EXIT INT TERM

# shellcheck source=e2e/topo.sh
. tests/e2e/topo.sh

# sandbox SIDE: namespaces $tag-SIDE (the firewalled host, 198.18.0.1) and
# $tag-SIDE-peer (198.18.0.2), joined by a veth pair, with the live
# differential suite's settings (tests/e2e/README.md: no IPv6 chatter, no
# rate limit on ICMP errors, no SYN-ACK retransmission, ping sockets).
sandbox() {
	local host=$tag-$1 peer=$tag-$1-peer
	ip netns add "$host"
	ip netns add "$peer"
	topo_sysctl_common "$tag" "$1"
	topo_sysctl_common "$tag" "$1-peer"
	ip -n "$host" link set lo up
	ip -n "$peer" link set lo up
	ip link add d0 netns "$host" type veth peer name p0 netns "$peer"
	ip -n "$host" addr add 198.18.0.1/24 dev d0
	ip -n "$peer" addr add 198.18.0.2/24 dev p0
	ip -n "$host" link set d0 up
	ip -n "$peer" link set p0 up
}
sandbox bpf
sandbox ref

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
same() { # what file-a file-b
	if diff "$2" "$3" >/dev/null; then
		echo "identical: $1"
	else
		echo "DIFFERENT: $1" >&2
		diff "$2" "$3" >&2 || true
		return 1
	fi
}
work=$BPF_IPTABLES_RUNDIR

step "loading $RULES into bpf-iptables (namespace $tag-bpf): enforced at once"
ip netns exec "$tag-bpf" "$BIN/bpf-iptables-restore" "$RULES"
ip netns exec "$tag-bpf" "$BIN/bpf-iptables" -A INPUT -i d0 -s 198.18.0.2 -p tcp --dport 22 -j ACCEPT
ip netns exec "$tag-bpf" "$BIN/bpf-iptables" -L -v -n --line-numbers

step "the same with the real iptables (iptables-nft, namespace $tag-ref)"
ip netns exec "$tag-ref" iptables-nft-restore "$RULES"
ip netns exec "$tag-ref" iptables-nft -A INPUT -i d0 -s 198.18.0.2 -p tcp --dport 22 -j ACCEPT
for args in "-S" "-L -n"; do
	# shellcheck disable=SC2086 # the words of the listing options
	ip netns exec "$tag-ref" iptables-nft $args >"$work/ref.list"
	# shellcheck disable=SC2086
	ip netns exec "$tag-bpf" "$BIN/bpf-iptables" $args >"$work/bpf.list"
	same "iptables $args" "$work/ref.list" "$work/bpf.list"
done

step "the same traffic from each peer: connections, datagrams, pings"
cat >"$work/probes" <<'EOF'
tcp 198.18.0.2 40001 198.18.0.1 22
tcp 198.18.0.2 40002 198.18.0.1 25
tcp 198.18.0.2 40003 198.18.0.1 80
tcp 198.18.0.2 40004 198.18.0.1 443
tcp 198.18.0.2 40005 198.18.0.1 8080
tcp 198.18.0.2 40006 198.18.0.1 23
udp 198.18.0.2 40007 198.18.0.1 53
udp 198.18.0.2 40008 198.18.0.1 5353
udp 198.18.0.2 40009 198.18.0.1 161
ping 198.18.0.2 4010 198.18.0.1
EOF
for side in ref bpf; do
	ip netns exec "$tag-$side" "$PROBE" serve 22 25 80 443 8080 23 53 5353 161 \
		>"$work/$side.ready" 2>&1 &
	servers+=($!)
done
for side in ref bpf; do
	for ((i = 0; i < 500; i++)); do
		grep -qs '^ready$' "$work/$side.ready" && break
		sleep 0.01
	done
done
# Both at once, so that both sides' counters are read as long after.
runners=()
for side in ref bpf; do
	ip netns exec "$tag-$side-peer" "$PROBE" run 600 <"$work/probes" >"$work/$side.out" &
	runners+=($!)
done
wait "${runners[@]}"
sleep 0.3
paste -d'|' "$work/probes" "$work/bpf.out" | sed 's/|/  ->  /'
same "what every sender saw" "$work/ref.out" "$work/bpf.out"
ip netns exec "$tag-ref" iptables-nft -L -v -n -x --line-numbers >"$work/ref.list"
ip netns exec "$tag-bpf" "$BIN/bpf-iptables" -L -v -n -x --line-numbers >"$work/bpf.list"
same "-L -v -n -x --line-numbers (every rule's counters)" "$work/ref.list" "$work/bpf.list"
ip netns exec "$tag-ref" iptables-nft-save -c | grep -v '^#' >"$work/ref.save"
ip netns exec "$tag-bpf" "$BIN/bpf-iptables-save" -c | grep -v '^#' >"$work/bpf.save"
same "iptables-save -c" "$work/ref.save" "$work/bpf.save"

step "state is per network namespace"
echo "rules in $tag-bpf-peer: $(ip netns exec "$tag-bpf-peer" "$BIN/bpf-iptables" -S | grep -c '^-A' || true)"
echo "rules in $tag-bpf: $(ip netns exec "$tag-bpf" "$BIN/bpf-iptables" -S | grep -c '^-A')"

step "bpf-iptables --teardown: programs, helper and table gone"
ip netns exec "$tag-bpf" "$BIN/bpf-iptables" --teardown
left=$(tc -n "$tag-bpf" filter show dev d0 ingress; tc -n "$tag-bpf" filter show dev d0 egress)
if [[ -n $left ]]; then
	echo "DIFFERENT: filters left on d0: $left" >&2
	exit 1
fi
echo "no filter left on d0; rules now: $(ip netns exec "$tag-bpf" "$BIN/bpf-iptables" -S | grep -c '^-A' || true)"

step "bpf-iptables-bench --quick: throughput beside netfilter, in a sandbox of its own"
"$BIN/bpf-iptables-bench" --quick --quiet --csv "$BIN/bench-quick.csv" --plot "$BIN/bench-quick.svg"
echo "table above; CSV and plot: $BIN/bench-quick.csv, $BIN/bench-quick.svg"
