#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# What a sender sees: every --reject-with and DROP, in INPUT, FORWARD and
# OUTPUT, for a TCP connect, a connected UDP socket and a ping. The
# outcome strings (errno, ICMP type/code and the error's source address)
# and the counters must equal netfilter's in the same run; a few known
# values are asserted as well, so that a test in which the oracle itself
# saw nothing cannot pass. See helpers/traffic.bash.

load helpers/traffic

# One target per client address 198.18.1.(10+i); tcp-reset needs -p tcp.
TARGETS=(
	"-j DROP"
	"-j REJECT --reject-with icmp-net-unreachable"
	"-j REJECT --reject-with icmp-host-unreachable"
	"-j REJECT --reject-with icmp-port-unreachable"
	"-j REJECT --reject-with icmp-proto-unreachable"
	"-j REJECT --reject-with icmp-net-prohibited"
	"-j REJECT --reject-with icmp-host-prohibited"
	"-j REJECT --reject-with icmp-admin-prohibited"
	"-p tcp -j REJECT --reject-with tcp-reset"
)

# target_addr I: the client address that meets target I.
target_addr() { echo "198.18.1.$((10 + $1))"; }

# sender_rules CHAIN -s|-d: the targets in CHAIN, keyed by the client
# address, plus rules that only count the replies in the other chains
# (REJECT's answers are packets the dut sends: they cross OUTPUT).
sender_rules() {
	local chain=$1 dir=$2 i
	echo "*filter"
	echo ":INPUT ACCEPT [0:0]"
	echo ":FORWARD ACCEPT [0:0]"
	echo ":OUTPUT ACCEPT [0:0]"
	for i in "${!TARGETS[@]}"; do
		echo "-A $chain $dir $(target_addr "$i")/32 ${TARGETS[i]}"
	done
	echo "-A INPUT -p icmp"
	echo "-A INPUT -p tcp --tcp-flags RST RST"
	echo "-A FORWARD -p icmp"
	echo "-A OUTPUT -p icmp"
	echo "-A OUTPUT -p tcp --tcp-flags RST RST"
	echo "COMMIT"
}

# sender_probes ROLE FROM|TO ADDR: a TCP connect, a UDP exchange and a
# ping per target; FROM: the target's address is the source, ADDR the
# destination; TO: the other way round.
sender_probes() {
	local role=$1 way=$2 peer=$3 i x src dst
	for i in "${!TARGETS[@]}"; do
		x=$(target_addr "$i")
		if [[ $way == FROM ]]; then
			src=$x dst=$peer
		else
			src=$peer dst=$x
		fi
		echo "$role tcp $src - $dst 80"
		echo "$role udp $src - $dst 53"
		echo "$role ping $src - $dst"
	done
}

@test "REJECT and DROP in INPUT: what the remote sender sees" {
	tr_worlds
	sender_rules INPUT -s | tr_rules
	tr_serve
	sender_probes cli FROM $DUTC | tr_traffic in
	tr_expect in nf "^cli udp 198.18.1.13 [0-9]+ $DUTC 53\$" \
		"recv:ECONNREFUSED icmp=3/3 from=$DUTC"
	tr_expect in nf "^cli tcp 198.18.1.16 [0-9]+ $DUTC 80\$" \
		"err:EHOSTUNREACH icmp=3/10 from=$DUTC"
	tr_expect in nf "^cli tcp 198.18.1.18 [0-9]+ $DUTC 80\$" refused
	tr_expect in nf "^cli ping 198.18.1.10 [0-9]+ $DUTC\$" timeout
	tr_check in
}

@test "REJECT and DROP in FORWARD: what the sender behind the router sees" {
	tr_worlds
	sender_rules FORWARD -s | tr_rules
	tr_serve
	sender_probes cli FROM $SRV | tr_traffic fwd
	tr_expect fwd nf "^cli udp 198.18.1.12 [0-9]+ $SRV 53\$" \
		"recv:EHOSTUNREACH icmp=3/1 from=$DUTC"
	tr_expect fwd nf "^cli ping 198.18.1.17 [0-9]+ $SRV\$" \
		"recv:EHOSTUNREACH icmp=3/13 from=$DUTC"
	tr_expect fwd nf "^cli tcp 198.18.1.18 [0-9]+ $SRV 80\$" refused
	tr_expect fwd nf "^cli udp 198.18.1.18 [0-9]+ $SRV 53\$" answered
	tr_check fwd
}

@test "REJECT and DROP in OUTPUT: what the local sender sees" {
	tr_worlds
	sender_rules OUTPUT -d | tr_rules
	tr_serve
	sender_probes dut TO $DUTC | tr_traffic out
	tr_expect out nf "^dut udp $DUTC [0-9]+ 198.18.1.10 53\$" send:EPERM
	tr_expect out nf "^dut udp $DUTC [0-9]+ 198.18.1.13 53\$" send:EPERM
	tr_expect out nf "^dut tcp $DUTC [0-9]+ 198.18.1.10 80\$" timeout
	tr_expect out nf "^dut tcp $DUTC [0-9]+ 198.18.1.18 80\$" refused
	tr_check out
}

@test "REJECT in OUTPUT that also matches its own reply" {
	tr_worlds
	tr_rules <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		-A INPUT -p icmp
		-A INPUT -p tcp
		-A OUTPUT -p icmp -j REJECT --reject-with icmp-host-unreachable
		-A OUTPUT -p tcp -j REJECT --reject-with tcp-reset
		COMMIT
	EOF
	tr_serve
	{
		echo "dut tcp $DUTC - $CLI 80"
		echo "dut udp $DUTC - $CLI 53"
		echo "dut ping $DUTC - $CLI"
		echo "dut ping $DUTS - $SRV"
		# The dut's answers to others are rejected in its OUTPUT.
		echo "cli tcp $CLI - $DUTC 80"
		echo "cli ping $CLI - $DUTC"
	} | tr_traffic self
	tr_expect self nf "^dut ping $DUTC [0-9]+ $CLI\$" send:EPERM
	tr_check self
}

@test "REJECT in a user chain, after a RETURN, with a DROP policy behind it" {
	tr_worlds
	tr_rules <<-'EOF'
		*filter
		:INPUT DROP [0:0]
		:FORWARD DROP [0:0]
		:OUTPUT ACCEPT [0:0]
		:deny - [0:0]
		-A INPUT -s 198.18.1.2 -j deny
		-A INPUT -s 198.18.1.130 -j ACCEPT
		-A FORWARD -j deny
		-A FORWARD -s 198.18.2.0/24 -j ACCEPT
		-A deny -p udp --dport 54 -j RETURN
		-A deny -p tcp -j REJECT --reject-with tcp-reset
		-A deny -p udp -j REJECT --reject-with icmp-admin-prohibited
		-A deny -s 198.18.1.2 -p icmp -j REJECT --reject-with icmp-net-prohibited
		COMMIT
	EOF
	tr_serve
	{
		for a in "$CLI" "$CLI2"; do
			for d in "$DUTC" "$SRV"; do
				echo "cli tcp $a - $d 80"
				echo "cli udp $a - $d 53"
				echo "cli udp $a - $d 54"
				echo "cli ping $a - $d"
			done
		done
		echo "srv tcp $SRV - $CLI 80"
		echo "srv udp $SRV - $CLI 54"
		echo "srv ping $SRV - $CLI"
	} | tr_traffic chain
	tr_expect chain nf "^cli udp $CLI [0-9]+ $SRV 53\$" \
		"recv:EHOSTUNREACH icmp=3/13 from=$DUTC"
	tr_check chain
}

@test "REJECT's answers cross OUTPUT: dropping ICMP and RSTs there silences them" {
	tr_worlds
	{
		sender_rules INPUT -s | sed '/^COMMIT/d'
		echo "-I OUTPUT 1 -p icmp --icmp-type destination-unreachable -j DROP"
		echo "-I OUTPUT 1 -p tcp --tcp-flags RST RST -j DROP"
		echo "COMMIT"
	} | tr_rules
	tr_serve
	sender_probes cli FROM $DUTC | tr_traffic silenced
	tr_expect silenced nf "^cli udp 198.18.1.13 [0-9]+ $DUTC 53\$" timeout
	tr_expect silenced nf "^cli tcp 198.18.1.18 [0-9]+ $DUTC 80\$" timeout
	tr_check silenced
}
