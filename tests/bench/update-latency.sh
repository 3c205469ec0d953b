#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Update latency of bpf-iptables beside iptables-nft, same run, same
# machine: restore of N rules, then one -A, -I 1 and -D on the N-rule
# chain. Median of REPS runs, each in a fresh network namespace.
# Usage: tests/bench/update-latency.sh [N] [REPS]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}
REPS=${2:-5}
BIN=$PWD/build
tmp=$(mktemp -d /tmp/bpfipt-lat.XXXX)
ns=bpfipt-lat-$$
export BPF_IPTABLES_RUNDIR=$tmp/run
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

{
	echo '*filter'
	for ((i = 0; i < N; i++)); do
		echo "-A INPUT -s 198.18.$((i / 256)).$((i % 256))/32 -p tcp -m tcp --dport $((1000 + i % 5000)) -j ACCEPT"
	done
	echo 'COMMIT'
} >"$tmp/rules"

# seconds, to the millisecond, of one command inside the namespace
timed() {
	local t0 t1
	t0=$(date +%s%N)
	ip netns exec "$ns" "$@" >/dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # system restore-cmd ipt-cmd
	local name=$1 restore=$2 ipt=$3 r a i d
	for ((k = 0; k < REPS; k++)); do
		ip netns add "$ns"
		r=$(timed "$restore" "$tmp/rules")
		a=$(timed "$ipt" -A INPUT -s 198.19.0.1 -j DROP)
		i=$(timed "$ipt" -I INPUT 1 -s 198.19.0.2 -j DROP)
		d=$(timed "$ipt" -D INPUT -s 198.19.0.1 -j DROP)
		echo "$r $a $i $d"
		ip netns del "$ns"
		rm -rf "$BPF_IPTABLES_RUNDIR"
	done >"$tmp/$name"
	printf '%-14s' "$name"
	for col in 1 2 3 4; do
		printf ' %10s' "$(awk -v c=$col '{print $c}' "$tmp/$name" | median) ms"
	done
	echo
}

echo "update latency, $N rules, median of $REPS, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
printf '%-14s %10s %10s %10s %10s\n' system restore "-A" "-I 1" "-D"
measure iptables-nft iptables-nft-restore iptables-nft
measure iptables-legacy iptables-legacy-restore iptables-legacy
measure bpf-iptables "$BIN/bpf-iptables-restore" "$BIN/bpf-iptables"
