#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Capacity with live traffic: a 10,000-rule chain and 1,000 user chains
# go through bpf-iptables-restore into a real dataplane (so the programs
# pass the verifier with maps of that size and the sync writes them), and
# the rules that decide are the ones at the far end: the last rule of the
# 10,000, and rules of the 1,000th chain after 999 jumps and returns. The
# outcomes and every counter are compared with netfilter running the same
# rules and probes (helpers/traffic.bash). The rules around the deciding
# ones share the probes' source or their port, so that no single field
# picks the winner: the classifier has to intersect them.

load helpers/traffic

# rules_10k: INPUT of exactly 10,000 rules, policy DROP. Even rules have
# the client's address and a port no probe uses, odd ones port 80 from an
# address no probe has; the second to last rejects UDP 53 of the client,
# the last accepts its TCP 80.
rules_10k() {
	local i
	printf '*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n'
	for ((i = 0; i < 9998; i++)); do
		if ((i % 2 == 0)); then
			echo "-A INPUT -s $CLI/32 -p tcp -m tcp --dport $((1000 + i)) -j DROP"
		else
			echo "-A INPUT -s 198.19.$((i / 256)).$((i % 256))/32 -p tcp -m tcp --dport 80 -j DROP"
		fi
	done
	echo "-A INPUT -s $CLI/32 -p udp -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable"
	echo "-A INPUT -s $CLI/32 -p tcp -m tcp --dport 80 -j ACCEPT"
	echo COMMIT
}

probes_10k() {
	cat <<-EOF
		cli tcp $CLI - $DUTC 80
		cli tcp $CLI - $DUTC 81
		cli udp $CLI - $DUTC 53
		cli udp $CLI - $DUTC 54
		cli tcp $CLI2 - $DUTC 80
		cli udp $CLI2 - $DUTC 53
		cli ping $CLI - $DUTC
		srv tcp $SRV - $DUTS 80
	EOF
}

@test "capacity: 10,000 rules in one chain, the last one decides, as netfilter" {
	tr_worlds
	rules_10k >"$TR_DIR/rules"
	[[ $(grep -c '^-A INPUT' "$TR_DIR/rules") -eq 10000 ]]
	tr_restore_all dut "$TR_DIR/rules"
	run tr_run bpf dut save
	[[ $(grep -c '^-A INPUT' <<<"$output") -eq 10000 ]]
	tr_serve
	probes_10k | tr_traffic last
	# The deciding rules are the last two; everything else is policy.
	tr_expect last nf "^cli tcp $CLI [0-9]+ $DUTC 80\$" connected
	tr_expect last nf "^cli udp $CLI [0-9]+ $DUTC 53\$" "recv:ECONNREFUSED icmp=3/3 from=$DUTC"
	tr_expect last nf "^cli tcp $CLI [0-9]+ $DUTC 81\$" timeout
	tr_check last

	# Updates at capacity: one rule before the 10,000, one after them.
	tr_all dut -I INPUT 1 -s "$CLI" -p tcp --dport 81 -j ACCEPT
	tr_all dut -A INPUT -s "$CLI2" -p tcp --dport 80 -j ACCEPT
	probes_10k | tr_traffic updated
	tr_expect updated nf "^cli tcp $CLI [0-9]+ $DUTC 81\$" connected
	tr_expect updated nf "^cli tcp $CLI2 [0-9]+ $DUTC 80\$" connected
	tr_check updated
}

# rules_1000_chains: INPUT jumps to c0001 .. c1000 in turn, policy DROP.
# Chains 1..999 hold a rule for an address no probe has, one for a port
# no probe uses, and a RETURN that the second client address's TCP 80
# meets in every one of them; chain c1000 decides.
rules_1000_chains() {
	local k c
	printf '*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n'
	for ((k = 1; k <= 1000; k++)); do
		printf ':c%04d - [0:0]\n' "$k"
	done
	for ((k = 1; k <= 1000; k++)); do
		printf -- '-A INPUT -j c%04d\n' "$k"
	done
	for ((k = 1; k < 1000; k++)); do
		c=$(printf 'c%04d' "$k")
		echo "-A $c -s 198.19.$((k / 256)).$((k % 256))/32 -j DROP"
		echo "-A $c -p udp -m udp --dport $((2000 + k)) -j DROP"
		echo "-A $c -s $CLI2/32 -p tcp -m tcp --dport 80 -j RETURN"
	done
	echo "-A c1000 -s $CLI/32 -p tcp -m tcp --dport 80 -j ACCEPT"
	echo "-A c1000 -s $CLI/32 -p udp -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable"
	echo "-A c1000 -p tcp -m tcp --dport 80 -j ACCEPT"
	echo COMMIT
}

@test "capacity: 1,000 user chains, a rule of the 1,000th decides, as netfilter" {
	tr_worlds
	rules_1000_chains >"$TR_DIR/rules"
	tr_restore_all dut "$TR_DIR/rules"
	run tr_run bpf dut save
	[[ $(grep -c '^:c[0-9]' <<<"$output") -eq 1000 ]]
	[[ $(grep -c '^-A c1000 ' <<<"$output") -eq 3 ]]
	tr_serve
	probes_10k | tr_traffic chains
	tr_expect chains nf "^cli tcp $CLI [0-9]+ $DUTC 80\$" connected
	tr_expect chains nf "^cli udp $CLI [0-9]+ $DUTC 53\$" "recv:ECONNREFUSED icmp=3/3 from=$DUTC"
	# 999 RETURNs, then c1000's last rule.
	tr_expect chains nf "^cli tcp $CLI2 [0-9]+ $DUTC 80\$" connected
	tr_expect chains nf "^cli tcp $CLI [0-9]+ $DUTC 81\$" timeout
	tr_check chains
}
