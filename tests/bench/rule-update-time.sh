#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# One-rule updates of an N-rule chain, timed to a tenth of a millisecond
# (build/tests/exec_time: fork and wait from C, median and range of REPS):
# -A and -D of the same rule, then -I 1 and -D 1, in turn, through
# `ip netns exec NS env`, for
#   bpf-iptables       its defaults (the helper takes the update when the
#                      table file is 1 MiB or more, docs/ARCHITECTURE.md)
#   bpf (own)          BPF_IPTABLES_HELPER_UPDATES=0: the command alone
#   bpf (helper)       BPF_IPTABLES_HELPER_UPDATES=1: always the helper
#   iptables-nft
# each in a namespace of its own, restored from the same N rules
# (update-latency.sh's), and `env /bin/true` for the floor. Every
# command goes through env, so that the three bpf rows can set their
# variable and no row pays an exec more than another.
#
# Usage: tests/bench/rule-update-time.sh [N] [REPS]
#   BPFIPT_BIN  directory of bpf-iptables (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}
REPS=${2:-40}
BIN=${BPFIPT_BIN:-$PWD/build}
tmp=$(mktemp -d /tmp/bpfipt-upd.XXXX)
pfx=bpfipt-upd-$$
export BPF_IPTABLES_RUNDIR=$tmp/run
NSS=(def own hlp nft)
cleanup() {
	for n in "${NSS[@]}"; do
		ip netns exec "$pfx-$n" "$BIN/bpf-iptables" --teardown 2>/dev/null || true
		ip netns del "$pfx-$n" 2>/dev/null || true
	done
	"$BIN/bpf-iptables" --spare-stop 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

{
	echo '*filter'
	for ((i = 0; i < N; i++)); do
		echo "-A INPUT -s 198.18.$((i / 256 % 256)).$((i % 256))/32 -p tcp -m tcp --dport $((1000 + i % 50000)) -j ACCEPT"
	done
	echo 'COMMIT'
} >"$tmp/rules"

for n in "${NSS[@]}"; do
	ip netns add "$pfx-$n"
done
sleep 0.3
for n in def own hlp; do
	ip netns exec "$pfx-$n" "$BIN/bpf-iptables-restore" <"$tmp/rules"
done
ip netns exec "$pfx-nft" iptables-nft-restore <"$tmp/rules"
sleep 0.5 # the helpers start once the restores are done

R=(-s 198.19.0.1 -j DROP)
# One exec_time run per system, its commands in turn: what one command
# leaves the kernel to do (iptables-nft's -D of a long chain frees its
# rules from a workqueue for milliseconds) falls on that system's next
# command, as in a script of updates, not on another system's.
echo "# N=$N, median of $REPS (min..max), ms"
for n in def own hlp nft; do
	case $n in
	def) e=X=1 p=$BIN/bpf-iptables ;;
	own) e=BPF_IPTABLES_HELPER_UPDATES=0 p=$BIN/bpf-iptables ;;
	hlp) e=BPF_IPTABLES_HELPER_UPDATES=1 p=$BIN/bpf-iptables ;;
	nft) e=X=1 p=iptables-nft ;;
	esac
	x=(ip netns exec "$pfx-$n" env "$e" "$p")
	"$BIN/tests/exec_time" -n "$REPS" -- "${x[@]}" -A INPUT "${R[@]}" ';;' \
		"${x[@]}" -D INPUT "${R[@]}" ';;' "${x[@]}" -I INPUT 1 "${R[@]}" ';;' \
		"${x[@]}" -D INPUT 1
done
"$BIN/tests/exec_time" -n "$REPS" -- ip netns exec "$pfx-def" env X=1 /bin/true
