#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Unsupported tables and extensions: the product must refuse them with
# exit code 2, a non-empty stderr naming the unsupported thing, and leave
# the ruleset unchanged (-S and save -c compared before and after).
#
# There is no oracle here: iptables accepts all of these. In the
# BPFIPT_IMPL=legacy/nft self-test modes these cases are EXPECTED to fail.

load helpers/diff

@test "unsupported table nat: rule commands" {
	assert_unsupported nat \
		"-t nat -A POSTROUTING -o eth0 -j MASQUERADE" \
		"-t nat -I PREROUTING -p tcp --dport 80 -j DNAT --to-destination 198.18.0.1" \
		"-t nat -A OUTPUT -j ACCEPT" \
		"--table nat -A INPUT -j ACCEPT" \
		"--table=nat -A INPUT -j ACCEPT" \
		"-tnat -A INPUT -j ACCEPT"
}

@test "unsupported table nat: chain and listing commands" {
	assert_unsupported nat \
		"-t nat -L" "-t nat -S" "-t nat -F" "-t nat -Z" "-t nat -N foo" \
		"-t nat -X" "-t nat -P PREROUTING DROP" "-t nat -L -n -v" \
		"-A INPUT -j ACCEPT -t nat"
}

@test "unsupported table mangle" {
	assert_unsupported mangle \
		"-t mangle -A PREROUTING -j ACCEPT" "-t mangle -L" "-t mangle -S" \
		"-t mangle -F" "-t mangle -N foo"
}

@test "unsupported table raw" {
	assert_unsupported raw \
		"-t raw -A PREROUTING -j ACCEPT" "-t raw -L" "-t raw -S" "-t raw -F"
}

@test "unsupported table security" {
	assert_unsupported security \
		"-t security -A INPUT -j ACCEPT" "-t security -L" "-t security -S" \
		"-t security -F"
}

@test "unsupported extension conntrack" {
	assert_unsupported conntrack \
		"-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT" \
		"-I INPUT -m conntrack --ctstate INVALID -j DROP" \
		"-A FORWARD -p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j ACCEPT" \
		"-A INPUT -m conntrack ! --ctstate NEW"
}

@test "unsupported extension state" {
	assert_unsupported state \
		"-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT" \
		"-A OUTPUT -m state ! --state INVALID -j ACCEPT"
}

@test "unsupported extension iprange" {
	assert_unsupported iprange \
		"-A INPUT -m iprange --src-range 198.18.0.1-198.18.0.9 -j ACCEPT" \
		"-A INPUT -m iprange ! --dst-range 198.18.0.1-198.18.0.9 -j DROP"
}

@test "unsupported extension mac" {
	assert_unsupported mac \
		"-A INPUT -m mac --mac-source 02:00:00:00:00:01 -j ACCEPT" \
		"-A FORWARD -m mac ! --mac-source 02:00:00:00:00:01 -j DROP"
}

@test "unsupported extension limit" {
	assert_unsupported limit \
		"-A INPUT -p icmp -m limit --limit 1/s -j ACCEPT" \
		"-A INPUT -m limit --limit 3/min --limit-burst 10 -j LOG"
}

@test "unsupported extension length" {
	assert_unsupported length \
		"-A INPUT -m length --length 0:64 -j DROP" \
		"-A INPUT -m length ! --length 1500 -j ACCEPT"
}

@test "unsupported extension ttl" {
	assert_unsupported ttl \
		"-A INPUT -m ttl --ttl-eq 64 -j ACCEPT" \
		"-A INPUT -m ttl --ttl-lt 2 -j DROP"
}

@test "unsupported extension pkttype" {
	assert_unsupported pkttype \
		"-A INPUT -m pkttype --pkt-type broadcast -j DROP" \
		"-A INPUT -m pkttype ! --pkt-type unicast -j DROP"
}

@test "unsupported extension addrtype" {
	assert_unsupported addrtype \
		"-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT" \
		"-A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT"
}

@test "unsupported extension mark" {
	assert_unsupported mark \
		"-A INPUT -m mark --mark 0x1 -j ACCEPT" \
		"-A INPUT -m mark ! --mark 0x1/0xff -j DROP"
}

@test "unsupported extension recent" {
	assert_unsupported recent \
		"-A INPUT -m recent --set --name ssh" \
		"-A INPUT -m recent --update --seconds 60 --hitcount 4 --name ssh -j DROP"
}

@test "unsupported extension with -C -D -I -R leaves the ruleset alone" {
	assert_unsupported conntrack \
		"-C INPUT -m conntrack --ctstate NEW -j ACCEPT" \
		"-D INPUT -m conntrack --ctstate NEW -j ACCEPT" \
		"-I INPUT 1 -m conntrack --ctstate NEW -j ACCEPT" \
		"-R INPUT 1 -m conntrack --ctstate NEW -j ACCEPT" \
		"-A keep -m conntrack --ctstate NEW -j ACCEPT"
}

@test "unsupported extension after supported matches in the same rule" {
	assert_unsupported limit \
		"-A INPUT -s 198.18.0.0/24 -p tcp --dport 22 -m comment --comment x -m limit --limit 5/s -j ACCEPT"
}

@test "unsupported table in a restore file" {
	mkinput <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
R
	assert_unsupported_restore nat "$INPUT"
}

@test "unsupported table after a good filter table in a restore file" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.1 -j ACCEPT
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
-A PREROUTING -j ACCEPT
COMMIT
R
	assert_unsupported_restore mangle "$INPUT"
}

@test "unsupported extension in a restore file (nothing applied)" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
COMMIT
R
	assert_unsupported_restore conntrack "$INPUT"
}

@test "unsupported extension in a --noflush restore (nothing applied)" {
	mkinput <<'R'
*filter
-A INPUT -s 198.18.0.2 -j ACCEPT
-A INPUT -m state --state NEW -j ACCEPT
COMMIT
R
	assert_unsupported_restore state "$INPUT" --noflush
}
