#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# LOG end to end: the dataplane hands the packet to the namespace's
# resident helper through the ring buffer, and the helper writes the line
# to the kernel log. The same rules and probes run through iptables-nft
# in a twin topology (helpers/traffic.bash: the same interface names and
# MAC addresses), and the kernel-log lines of both must be equal but for
# the prefix that tells them apart and the IP ID the senders choose.
#
# Outside the initial network namespace netfilter logs only with
# net.netfilter.nf_log_all_netns=1, and so does the helper: the test sets
# it for its own run and puts the old value back.

load helpers/traffic

setup() {
	tr_setup || return 1
	LOG_ALL_NETNS_WAS=$(sysctl -n net.netfilter.nf_log_all_netns)
	sysctl -qw net.netfilter.nf_log_all_netns=1
}

teardown() {
	tr_teardown
	sysctl -qw net.netfilter.nf_log_all_netns="${LOG_ALL_NETNS_WAS:-0}"
}

# log_lines TAG: the kernel-log lines whose prefix starts with TAG, as
# "LEVEL REST", sorted, without the tag and the timestamp, and with what
# the two worlds' senders choose on their own masked: the IP IDs, the TCP
# sequence numbers and the option bytes (timestamps) but their length.
# The facility differs on purpose: netfilter writes as `kern', which the
# kernel keeps for itself; the helper writes to /dev/kmsg as `user'.
log_lines() {
	dmesg -x | awk -v tag="$1" '
		{ if (!match($0, /^[a-z]+ *:[a-z]+ *: \[ *[0-9.]+\] /)) next
		  split($0, f, ":"); level = f[2]; gsub(/ /, "", level)
		  line = substr($0, RLENGTH + 1)
		  if (index(line, tag) != 1) next
		  line = substr(line, length(tag) + 1)
		  gsub(/ ID=[0-9]+/, " ID=*", line)
		  gsub(/ SEQ=[0-9]+/, " SEQ=*", line)
		  gsub(/ ACK=[0-9]+/, " ACK=*", line)
		  if (match(line, /OPT \([0-9A-F]*\)/))
			line = substr(line, 1, RSTART - 1) "OPT (" (RLENGTH - 6) " hex digits)" \
			       substr(line, RSTART + RLENGTH)
		  print level " " line }' | sort
}

# in_order TAG FIRST SECOND: the line of rule FIRST comes right before
# the one of rule SECOND (they log the same packet one after the other).
in_order() {
	dmesg -x | grep -F " $1" | grep -oE " $1(${2}|${3}) IN=" | tr '\n' ' ' |
		grep -qF " $1$2 IN=  $1$3 IN="
}

@test "LOG: the lines of INPUT, FORWARD and OUTPUT packets are netfilter's" {
	tr_worlds nf bpf
	tag="t$$x${BATS_TEST_NUMBER}"
	for w in nf bpf; do
		p="$tag$w"
		tr_run "$w" dut ipt -A INPUT -p tcp --dport 80 -j LOG --log-prefix "$p a " \
			--log-level 4 --log-tcp-sequence --log-tcp-options --log-ip-options
		tr_run "$w" dut ipt -A INPUT -p udp -j LOG --log-prefix "$p b " --log-level 6
		tr_run "$w" dut ipt -A INPUT -p icmp -j LOG --log-prefix "$p c " --log-level 1
		tr_run "$w" dut ipt -A FORWARD -p udp -j LOG --log-prefix "$p d " --log-level 5
		tr_run "$w" dut ipt -A OUTPUT -p udp --dport 53 -j LOG --log-prefix "$p e " \
			--log-level 3 --log-uid
		# Two LOG rules one after the other: both lines, in order.
		tr_run "$w" dut ipt -A INPUT -p udp --dport 54 -j LOG --log-prefix "$p f "
		tr_run "$w" dut ipt -A INPUT -p udp --dport 54 -j LOG --log-prefix "$p g "
	done
	tr_serve
	tr_traffic log <<-EOF
		cli tcp $CLI - $DUTC 80
		cli udp $CLI - $DUTC 53
		cli udp $CLI2 - $DUTC 54
		cli ping $CLI - $DUTC
		cli udp $CLI - $SRV 53
		dut udp $DUTS - $SRV 53
	EOF
	tr_same log
	sleep 0.3 # the helper writes the lines when it wakes
	nf=$(log_lines "${tag}nf ")
	ours=$(log_lines "${tag}bpf ")
	assert_equal "$ours" "$nf"
	# Not vacuous: every rule logged, at its level; the two rules that
	# log the same packet did so in order, on both.
	for r in "warn a" "info b" "alert c" "notice d" "err e" "warn f" "warn g"; do
		grep -q "^$r IN=" <<<"$ours"
	done
	in_order "${tag}nf " f g
	in_order "${tag}bpf " f g
}
