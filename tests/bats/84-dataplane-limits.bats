#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The dataplane's bounds (kernel/include/bpfipt_limits.h): a table beyond
# one is refused with a clear error and changes nothing; a table within
# them is enforced exactly, however many rules one packet meets. The
# long walks are compared with iptables-nft on the same traffic.

load helpers/diff

# chain_ladder DEPTH: a restore file whose INPUT jumps DEPTH chains deep.
chain_ladder() {
	local depth=$1 i
	echo '*filter'
	for ((i = 1; i <= depth; i++)); do
		echo ":c$i - [0:0]"
	done
	echo '-A INPUT -j c1'
	for ((i = 1; i < depth; i++)); do
		echo "-A c$i -j c$((i + 1))"
	done
	echo 'COMMIT'
}

# saved NS: the product's save output without its comment lines.
saved() {
	prod "$1" save -c | strip_comments
}

@test "limits: -j nesting 256 deep is enforced, 257 deep is refused and changes nothing" {
	new_ns ns lim
	mkinput deep256.rules < <(chain_ladder 256)
	run prod "$ns" restore <"$INPUT"
	assert_success
	before=$(saved "$ns")
	mkinput deep257.rules < <(chain_ladder 257)
	run prod "$ns" restore <"$INPUT"
	assert_failure 1
	assert_output 'bpf-iptables-restore v0.1.0 (bpf): chains nested too deeply for the dataplane: more than 256 jumps (-j) deep'
	assert_equal "$(saved "$ns")" "$before"
	# The same step taken by a single rule.
	prod "$ns" ipt -N c257
	run prod "$ns" ipt -A c256 -j c257
	assert_failure 1
	assert_output 'bpf-iptables v0.1.0 (bpf): chains nested too deeply for the dataplane: more than 256 jumps (-j) deep'
	run prod "$ns" ipt -S c256
	assert_output '-N c256'
	# A goto adds no level: the same ladder's last step as -g is fine.
	run prod "$ns" ipt -A c256 -g c257
	assert_success
}

@test "limits: more than 65,536 rules are refused and change nothing" {
	new_ns ns lim
	prod "$ns" ipt -A INPUT -s 198.18.0.1 -j DROP
	before=$(saved "$ns")
	mkinput many.rules < <(awk 'BEGIN { print "*filter"; for (i = 0; i < 65537; i++) print "-A INPUT -p udp --dport " (i % 65535 + 1); print "COMMIT" }')
	run prod "$ns" restore <"$INPUT"
	assert_failure 1
	assert_output 'bpf-iptables-restore v0.1.0 (bpf): too many rules for the dataplane: 65537 (the limit is 65536)'
	assert_equal "$(saved "$ns")" "$before"
}

@test "limits: a table whose walk could exceed 2^23 steps per packet is refused" {
	new_ns ns lim
	# 8,500 rules in X, called by 1,000 rules: a packet could meet about
	# 8.5 million of them.
	mkinput wide.rules < <(awk 'BEGIN {
		print "*filter"; print ":X - [0:0]"
		for (i = 0; i < 1000; i++) print "-A INPUT -p udp -j X"
		for (i = 0; i < 8500; i++) print "-A X -p udp"
		print "COMMIT" }')
	run prod "$ns" restore <"$INPUT"
	assert_failure 1
	assert_output --regexp '^bpf-iptables-restore v0\.1\.0 \(bpf\): rule table too complex for the dataplane: a packet could meet 85[0-9]{5} rules and chain ends \(the limit is 8388608\)$'
	run saved "$ns"
	assert_output ''
}

# count_lo_udp prod|nft|legacy NS FILE: load FILE with that iptables'
# restore in NS, send one UDP datagram over lo (OUTPUT, then INPUT),
# print -L -v -x -n.
count_lo_udp() {
	local kind=$1 ns=$2 file=$3
	if [[ $kind == prod ]]; then
		prod "$ns" restore <"$file" || return 1
	else
		ip netns exec "$ns" "iptables-$kind-restore" <"$file" || return 1
	fi
	ip netns exec "$ns" ip link set lo up
	ip netns exec "$ns" bash -c 'echo probe >/dev/udp/127.0.0.1/9' || return 1
	sleep 0.2
	if [[ $kind == prod ]]; then
		prod "$ns" ipt -L -v -x -n
	else
		ip netns exec "$ns" "iptables-$kind" -L -v -x -n
	fi
}

@test "limits: a packet meeting 3,000 rules and 40 LOG rules gets netfilter's verdict and counts" {
	# The built-in chains declared: iptables-nft creates (and counts in)
	# only the chains a restore names.
	mkinput long.rules < <(awk 'BEGIN {
		print "*filter"; print ":X - [0:0]"
		print ":INPUT ACCEPT [0:0]"; print ":FORWARD ACCEPT [0:0]"; print ":OUTPUT ACCEPT [0:0]"
		for (i = 0; i < 1000; i++) print "-A INPUT -p udp"
		for (i = 0; i < 40; i++) print "-A INPUT -p udp -j LOG --log-prefix \"n" i " \""
		print "-A INPUT -p udp -j X"
		for (i = 0; i < 1000; i++) print "-A X -p udp --dport 9"
		print "-A X -p udp -j RETURN"
		for (i = 0; i < 1000; i++) print "-A INPUT -p udp ! --dport 10"
		print "-A INPUT -p udp --dport 9 -j DROP"
		print "-A INPUT -p udp -j ACCEPT"
		print "COMMIT" }')
	new_ns nsb lim
	new_ns nsn lim
	run count_lo_udp prod "$nsb" "$INPUT"
	assert_success
	ours=$output
	run count_lo_udp nft "$nsn" "$INPUT"
	assert_success
	assert_equal "$ours" "$output"
	# Not vacuous: the DROP rule counted the datagram, ACCEPT did not.
	assert_line --regexp '^ +1 +34 DROP +17 '
	assert_line --regexp '^ +0 +0 ACCEPT +17 '
}

@test "limits: a packet 100 chains deep walks them as iptables-legacy does (nft stops at 16)" {
	# In each chain: a counting rule, the jump down, a counting rule met
	# on the way back up; at the bottom the datagram is counted and
	# returns. Then INPUT drops it.
	mkinput ladder.rules < <(awk 'BEGIN {
		print "*filter"
		print ":INPUT ACCEPT [0:0]"; print ":FORWARD ACCEPT [0:0]"; print ":OUTPUT ACCEPT [0:0]"
		for (i = 1; i <= 100; i++) print ":c" i " - [0:0]"
		print "-A INPUT -p udp -j c1"
		for (i = 1; i < 100; i++) {
			print "-A c" i " -p udp"
			print "-A c" i " -p udp -j c" (i + 1)
			print "-A c" i " -p udp --dport 9"
		}
		print "-A c100 -p udp --dport 9 -j RETURN"
		print "-A INPUT -p udp --dport 9 -j DROP"
		print "COMMIT" }')
	new_ns nsb lim
	new_ns nsl lim
	run count_lo_udp prod "$nsb" "$INPUT"
	assert_success
	ours=$output
	run count_lo_udp legacy "$nsl" "$INPUT"
	assert_success
	assert_equal "$ours" "$output"
	assert_line --regexp '^ +1 +34 DROP +17 '
	assert_line --regexp '^ +1 +34 RETURN +17 '
}
