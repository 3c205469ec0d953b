#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Update latency of bpf-iptables beside iptables-nft and iptables-legacy,
# same run, same machine, same rule file: restore of N rules into a fresh
# namespace (for bpf-iptables that includes creating, verifying and
# attaching the dataplane and syncing the image), the same restore again
# over the loaded table (the dataplane exists: compile and sync only),
# then one -A, -I 1 and -D on the N-rule chain. Median of REPS runs, each
# in a fresh network namespace; the spread (min..max) of each column is
# printed under it, as the machine is shared. The namespaces come one
# after the other under one state root, as on a host that makes them:
# from the second on, bpf-iptables' first restore takes a spare dataplane
# loaded meanwhile (docs/ARCHITECTURE.md); the row "no spare" is every
# first restore loading its own (BPF_IPTABLES_SPARE=0).
#
# Usage: tests/bench/update-latency.sh [N] [REPS]
#   BPFIPT_BIN  directory of bpf-iptables (default: build)
#   PROFILE=1   also where bpf-iptables' time goes: its bpf(2) calls by
#               command (strace -T) for the restore and the -A
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}
REPS=${2:-5}
BIN=${BPFIPT_BIN:-$PWD/build}
tmp=$(mktemp -d /tmp/bpfipt-lat.XXXX)
ns=bpfipt-lat-$$
export BPF_IPTABLES_RUNDIR=$tmp/run
# The product's teardown first: its cgroup program hangs on the cgroup,
# not on the namespace, and its helper process would stay behind.
ns_del() {
	ip netns exec "$ns" "$BIN/bpf-iptables" --teardown 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
}
# The keeper of spare dataplanes (docs/ARCHITECTURE.md) outlives the
# namespaces by design: stopped last.
cleanup() { ns_del; "$BIN/bpf-iptables" --spare-stop 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

{
	echo '*filter'
	for ((i = 0; i < N; i++)); do
		echo "-A INPUT -s 198.18.$((i / 256)).$((i % 256))/32 -p tcp -m tcp --dport $((1000 + i % 5000)) -j ACCEPT"
	done
	echo 'COMMIT'
} >"$tmp/rules"

# milliseconds of one command inside the namespace; fd 3 closed so that
# a helper the product starts cannot hold a caller's pipe open
timed() {
	local t0 t1
	t0=$(date +%s%N)
	ip netns exec "$ns" "$@" >/dev/null 3>&-
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s..%s", lo, hi}'; }

COLS=(restore re-restore "-A" "-I 1" "-D")
measure() { # system restore-cmd ipt-cmd
	local name=$1 restore=$2 ipt=$3 r rr a i d col
	for ((k = 0; k < REPS; k++)); do
		ip netns add "$ns"
		# A namespace a moment after the last one, not in the same
		# millisecond: bpf-iptables' spare dataplane is loaded in that
		# moment (the row "no spare" shows the cost without it).
		sleep 0.3
		r=$(timed "$restore" "$tmp/rules")
		rr=$(timed "$restore" "$tmp/rules")
		a=$(timed "$ipt" -A INPUT -s 198.19.0.1 -j DROP)
		i=$(timed "$ipt" -I INPUT 1 -s 198.19.0.2 -j DROP)
		d=$(timed "$ipt" -D INPUT -s 198.19.0.1 -j DROP)
		# the chain really holds N+1 rules afterwards
		[[ $(ip netns exec "$ns" "${restore%-restore}-save" | grep -c '^-A INPUT') -eq $((N + 1)) ]] ||
			{ echo "update-latency: $name lost rules" >&2; exit 1; }
		echo "$r $rr $a $i $d"
		ns_del
	done >"$tmp/$name"
	printf '%-16s' "$name"
	for col in 1 2 3 4 5; do
		printf ' %12s' "$(awk -v c=$col '{print $c}' "$tmp/$name" | median) ms"
	done
	echo
	printf '%-16s' ""
	for col in 1 2 3 4 5; do
		printf ' %12s' "($(awk -v c=$col '{print $c}' "$tmp/$name" | spread))"
	done
	echo
}

# bpf(2) calls of one bpf-iptables command by command: count and seconds.
bpf_calls() {
	local out=$tmp/strace
	ip netns exec "$ns" strace -T -e trace=bpf -o "$out" "$@" >/dev/null 3>&-
	awk '{ if (!match($0, /bpf\(BPF_[A-Z_]+/)) next; c = substr($0, RSTART + 4, RLENGTH - 4)
	       match($0, /<[0-9.]+>$/); t = substr($0, RSTART + 1, RLENGTH - 2)
	       n[c]++; s[c] += t; all += t }
	     END { for (c in n) printf "    %-24s %6d calls %8.1f ms\n", c, n[c], s[c] * 1000 }' "$out" |
		sort -k4 -nr
	awk '/<[0-9.]+>$/ { match($0, /<[0-9.]+>$/); all += substr($0, RSTART + 1, RLENGTH - 2) }
	     END { printf "    %-24s %6s       %8.1f ms (times inflated by strace)\n", "all bpf(2)", "", all * 1000 }' "$out"
}

profile() {
	local t
	ip netns add "$ns"
	echo "bpf-iptables-restore of $N rules, fresh namespace:"
	bpf_calls "$BIN/bpf-iptables-restore" "$tmp/rules"
	echo "the same restore again (dataplane exists):"
	bpf_calls "$BIN/bpf-iptables-restore" "$tmp/rules"
	echo "bpf-iptables -A on the $N-rule chain:"
	bpf_calls "$BIN/bpf-iptables" -A INPUT -s 198.19.0.1 -j DROP
	t=$(BPF_IPTABLES_RUNDIR=$tmp/run-test timed "$BIN/bpf-iptables-restore" --test "$tmp/rules")
	echo "bpf-iptables-restore --test (parse and check only, no state, no dataplane): $t ms"
	ns_del
	rm -rf "$BPF_IPTABLES_RUNDIR"
}

echo "update latency, $N rules, median of $REPS (min..max), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, Linux $(uname -r)"
printf '%-16s' system
printf ' %12s' "${COLS[@]}"
echo
measure iptables-nft iptables-nft-restore iptables-nft
measure iptables-legacy iptables-legacy-restore iptables-legacy
measure bpf-iptables "$BIN/bpf-iptables-restore" "$BIN/bpf-iptables"
# Without spare dataplanes: every first restore loads its own programs,
# as the very first one on a machine (or after the keeper left) does.
BPF_IPTABLES_SPARE=0 measure "bpf (no spare)" "$BIN/bpf-iptables-restore" "$BIN/bpf-iptables"
if [[ ${PROFILE:-0} == 1 ]]; then
	profile
fi
