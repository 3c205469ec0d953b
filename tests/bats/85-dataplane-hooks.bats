#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The dataplane's hooks with live traffic: INPUT, FORWARD (both ways
# through the dut) and OUTPUT verdicts, and the rule counters, each
# compared with netfilter (iptables-nft; iptables-legacy accepted where
# the two differ) running the same rules and the same probes in a
# topology of its own. See helpers/traffic.bash.

load helpers/traffic

# probes_to_dut: from both client addresses and both server addresses to
# both of the dut's addresses, every service kind.
probes_to_dut() {
	local src dst
	for src in "cli $CLI" "cli $CLI2" "srv $SRV" "srv $SRV2"; do
		for dst in $DUTC $DUTS; do
			set -- $src
			cat <<-EOF
				$1 tcp $2 - $dst 80
				$1 tcp $2 - $dst 81
				$1 udp $2 - $dst 53
				$1 udp $2 - $dst 54
				$1 ping $2 - $dst
			EOF
		done
	done
}

# probes_across: client to server and server to client, through the dut.
probes_across() {
	local pair
	for pair in "cli $CLI $SRV" "cli $CLI2 $SRV2" "srv $SRV $CLI" "srv $SRV2 $CLI2"; do
		set -- $pair
		cat <<-EOF
			$1 tcp $2 - $3 80
			$1 tcp $2 - $3 81
			$1 udp $2 - $3 53
			$1 udp $2 - $3 54
			$1 ping $2 - $3
		EOF
	done
}

# probes_from_dut: the dut sends, from either of its addresses.
probes_from_dut() {
	local src dst
	for src in $DUTC $DUTS; do
		for dst in $CLI $CLI2 $SRV $SRV2; do
			cat <<-EOF
				dut tcp $src - $dst 80
				dut tcp $src - $dst 81
				dut udp $src - $dst 53
				dut udp $src - $dst 54
				dut ping $src - $dst
			EOF
		done
	done
}

@test "INPUT: ACCEPT, DROP, policy, user chain with RETURN, -i" {
	tr_worlds
	tr_rules <<-'EOF'
		*filter
		:INPUT DROP [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		:from_cli - [0:0]
		-A INPUT -p tcp --dport 80 -j ACCEPT
		-A INPUT -i veth-c -j from_cli
		-A INPUT -i veth-s -p icmp -j ACCEPT
		-A INPUT ! -i veth-c -p udp --dport 54 -j ACCEPT
		-A INPUT -d 198.18.2.1 -p udp -j ACCEPT
		-A from_cli -s 198.18.1.130 -j RETURN
		-A from_cli -p udp --dport 53 -j ACCEPT
		-A from_cli -p icmp -j ACCEPT
		-A from_cli -p tcp --dport 81 -j DROP
		-A from_cli -p tcp -j ACCEPT
		COMMIT
	EOF
	tr_serve
	probes_to_dut | tr_traffic in
	# The policy must really drop something, and the user chain accept.
	tr_expect in nf "^cli udp $CLI2 [0-9]+ $DUTC 53\$" timeout
	tr_expect in nf "^cli udp $CLI [0-9]+ $DUTC 53\$" answered
	tr_check in
}

@test "FORWARD both ways: -i/-o, negation, wildcard, user chain, policy DROP" {
	tr_worlds
	tr_rules <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD DROP [0:0]
		:OUTPUT ACCEPT [0:0]
		:fwd_udp - [0:0]
		-A FORWARD -i veth-c -o veth-s -p tcp --dport 80 -j ACCEPT
		-A FORWARD -i veth-s -o veth-c -p tcp --sport 80 -j ACCEPT
		-A FORWARD -i veth-s -o veth-c -p tcp --dport 81 -j ACCEPT
		-A FORWARD -i veth-c -o veth-s -p tcp --sport 81 -j ACCEPT
		-A FORWARD -i veth+ -p udp -j fwd_udp
		-A FORWARD -i veth-c -p icmp -j ACCEPT
		-A FORWARD ! -o veth-s -p icmp --icmp-type echo-request -j ACCEPT
		-A fwd_udp -s 198.18.2.66 -j RETURN
		-A fwd_udp -d 198.18.2.66 -j RETURN
		-A fwd_udp -p udp --dport 53 -j ACCEPT
		-A fwd_udp -p udp --sport 53 -j ACCEPT
		-A fwd_udp -o veth-c -p udp -j ACCEPT
		-A fwd_udp -i veth-c -p udp --sport 54 -j ACCEPT
		COMMIT
	EOF
	tr_serve
	probes_across | tr_traffic fwd
	tr_expect fwd nf "^cli tcp $CLI [0-9]+ $SRV 80\$" connected
	tr_expect fwd nf "^cli tcp $CLI [0-9]+ $SRV 81\$" timeout
	tr_expect fwd nf "^srv tcp $SRV [0-9]+ $CLI 81\$" connected
	tr_check fwd
}

@test "OUTPUT: -o, user chain, policy DROP, local replies" {
	tr_worlds
	tr_rules <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT DROP [0:0]
		:out_c - [0:0]
		-A OUTPUT -o lo -j ACCEPT
		-A OUTPUT -o veth-c -p tcp --dport 80 -j ACCEPT
		-A OUTPUT -o veth-c -j out_c
		-A OUTPUT -d 198.18.2.66 -p icmp -j ACCEPT
		-A OUTPUT -p udp --dport 53 -j ACCEPT
		-A OUTPUT -o veth-s -p tcp --sport 80 -j ACCEPT
		-A out_c -p udp --dport 54 -j ACCEPT
		-A out_c -s 198.18.2.1 -j DROP
		-A out_c -p icmp -j ACCEPT
		-A out_c -p tcp -j RETURN
		COMMIT
	EOF
	tr_serve
	{
		probes_from_dut
		# Replies of the dut's own servers leave through OUTPUT too.
		echo "srv tcp $SRV - $DUTS 80"
		echo "srv tcp $SRV - $DUTS 81"
		echo "srv udp $SRV - $DUTS 53"
		echo "srv udp $SRV - $DUTS 54"
	} | tr_traffic out
	tr_expect out nf "^dut udp $DUTC [0-9]+ $SRV 54\$" send:EPERM
	tr_expect out nf "^dut udp $DUTC [0-9]+ $CLI 54\$" answered
	tr_check out
}

# counting_rules: rules without target (they only count) around a few
# verdicts, so that every probe leaves a trace somewhere.
counting_rules() {
	cat <<-'EOF'
		*filter
		:INPUT ACCEPT [0:0]
		:FORWARD ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		-A INPUT -p tcp
		-A INPUT -p udp --dport 53
		-A INPUT -s 198.18.1.130 -j DROP
		-A INPUT -p icmp
		-A FORWARD -p udp
		-A FORWARD -d 198.18.2.66 -p tcp --dport 81 -j DROP
		-A FORWARD -p icmp
		-A OUTPUT -p icmp
		-A OUTPUT -o veth-c
		COMMIT
	EOF
}

@test "counters stay with their rule across -I and -D of other rules" {
	tr_worlds
	counting_rules | tr_rules
	tr_serve
	probes_to_dut | tr_traffic r1
	tr_check r1
	tr_all dut -I INPUT 1 -p udp
	tr_all dut -I INPUT 3 -s 198.18.2.2
	tr_all dut -I FORWARD 2 -p tcp
	tr_counters after_insert
	{
		probes_to_dut
		probes_across
	} | tr_traffic r2
	tr_check r2
	tr_all dut -D INPUT 2
	tr_all dut -D INPUT -p udp
	tr_all dut -D FORWARD 1
	tr_counters after_delete
	{
		probes_to_dut
		probes_across
	} | tr_traffic r3
	tr_check r3
	# Meaningful: the counting rule holds packets of the three rounds.
	run tr_run bpf dut ipt -L INPUT 1 -v -n -x
	assert_success
	refute_output --regexp '^ *0 +0 '
}

# zero_step NAME ARGS...: -Z ARGS in every world, then compare.
zero_step() {
	local name=$1
	shift
	tr_all dut "$@"
	tr_counters "$name"
}

@test "-Z zeroes one rule, one chain, the whole table; traffic counts again" {
	tr_worlds
	counting_rules | tr_rules
	tr_serve
	{
		probes_to_dut
		probes_across
		probes_from_dut
	} | tr_traffic r1
	tr_check r1
	zero_step z_rule -Z INPUT 2
	run tr_run bpf dut ipt -L INPUT 2 -v -n -x
	assert_output --regexp '^ +0 +0 '
	zero_step z_chain -Z FORWARD
	{
		probes_to_dut
		probes_across
	} | tr_traffic r2
	tr_check r2
	zero_step z_all -Z
	run tr_run bpf dut ipt -S -v
	refute_output --regexp '-c [1-9]'
	probes_from_dut | tr_traffic r3
	tr_check r3
}

@test "restore -c sets rule and policy counters; traffic adds on top" {
	tr_worlds
	cat >"$TR_DIR/counted.rules" <<-'EOF'
		*filter
		:INPUT ACCEPT [1000:200000]
		:FORWARD DROP [7:700]
		:OUTPUT ACCEPT [5:300]
		:mine - [0:0]
		[11:1100] -A INPUT -p udp
		[22:2200] -A INPUT -p tcp --dport 81 -j mine
		[33:3300] -A FORWARD -p tcp -j ACCEPT
		[0:0] -A FORWARD -p icmp -j ACCEPT
		[44:4400] -A OUTPUT -p icmp
		[55:5500] -A mine -j DROP
		COMMIT
	EOF
	# Without -c the counters start at zero; with it, as written.
	tr_restore_all dut "$TR_DIR/counted.rules"
	tr_counters plain
	run tr_run bpf dut save -c
	assert_line -- ':FORWARD DROP [0:0]'
	tr_restore_all dut "$TR_DIR/counted.rules" -c
	tr_counters loaded
	run tr_run bpf dut save -c
	assert_line -- '[22:2200] -A INPUT -p tcp -m tcp --dport 81 -j mine'
	assert_line -- ':FORWARD DROP [7:700]'
	tr_serve
	{
		probes_to_dut
		probes_across
		probes_from_dut
	} | tr_traffic after
	tr_check after
	run tr_run bpf dut save -c
	refute_line -- '[22:2200] -A INPUT -p tcp -m tcp --dport 81 -j mine'
}
