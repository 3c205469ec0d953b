#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# icmp match: --icmp-type by every name that `iptables -p icmp -h` lists
# (aliases in parentheses included), by number, type/code, any, '!',
# errors.

load helpers/diff

# icmp_names: every type name (and alias) from the oracle's own help text.
icmp_names() {
	ip netns exec "$1" iptables-nft -p icmp -h |
		sed -n '/^Valid ICMP Types:/,$p' | tail -n +2 |
		tr -d '()' | tr -s ' \t' '\n\n' | grep -v '^$'
}

_icmp_lines() {
	local neg=$1 ns name
	new_ns ns names
	mapfile -t ICMP_NAMES < <(icmp_names "$ns")
	# the list must really be the full one (36 types and codes, 4 aliases)
	[[ ${#ICMP_NAMES[@]} -ge 40 ]] || {
		echo "only ${#ICMP_NAMES[@]} ICMP names found in iptables -p icmp -h"
		return 1
	}
	LINES=()
	for name in "${ICMP_NAMES[@]}"; do
		LINES+=("-A INPUT -p icmp $neg --icmp-type $name -j ACCEPT")
	done
}

@test "icmp --icmp-type: every name and alias from the help text" {
	_icmp_lines ""
	diff_cmds "${LINES[@]}" "-L INPUT" "-L INPUT -n"
}

@test "icmp ! --icmp-type: every name and alias from the help text" {
	_icmp_lines "!"
	diff_cmds "${LINES[@]}" "-L INPUT" "-L INPUT -n -v"
}

@test "icmp --icmp-type names are case-insensitive and prefix matches" {
	diff_cmds <<'C'
-A INPUT -p icmp --icmp-type Echo-Request -j ACCEPT
-A INPUT -p icmp --icmp-type ECHO-REPLY -j ACCEPT
-A INPUT -p icmp --icmp-type echo -j ACCEPT
-A INPUT -p icmp --icmp-type destination -j ACCEPT
-A INPUT -p icmp --icmp-type time -j ACCEPT
C
}

@test "icmp --icmp-type by number: 0 8 3 11 255" {
	diff_cmds <<'C'
-A INPUT -p icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp --icmp-type 0 -j ACCEPT
-A INPUT -p icmp --icmp-type 3 -j ACCEPT
-A INPUT -p icmp --icmp-type 11 -j ACCEPT
-A INPUT -p icmp --icmp-type 255 -j ACCEPT
-A INPUT -p icmp --icmp-type 42 -j ACCEPT
-L INPUT
-L INPUT -n
C
}

@test "icmp --icmp-type type/code" {
	diff_cmds <<'C'
-A INPUT -p icmp --icmp-type 3/1 -j ACCEPT
-A INPUT -p icmp --icmp-type 3/4 -j ACCEPT
-A INPUT -p icmp --icmp-type 5/0 -j ACCEPT
-A INPUT -p icmp --icmp-type 8/0 -j ACCEPT
-A INPUT -p icmp --icmp-type 3/255 -j ACCEPT
-A INPUT -p icmp --icmp-type 42/7 -j ACCEPT
-A INPUT -p icmp ! --icmp-type 11/1 -j ACCEPT
-L INPUT
-L INPUT -n
C
}

@test "icmp --icmp-type any and ! any" {
	diff_cmds <<'C'
-A INPUT -p icmp --icmp-type any -j ACCEPT
-A INPUT -p icmp ! --icmp-type any -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
-L INPUT
C
}

@test "icmp bad names and numbers" {
	diff_cmds <<'C'
-A INPUT -p icmp --icmp-type nosuchtype -j ACCEPT
-A INPUT -p icmp --icmp-type 256 -j ACCEPT
-A INPUT -p icmp --icmp-type -1 -j ACCEPT
-A INPUT -p icmp --icmp-type 3/256 -j ACCEPT
-A INPUT -p icmp --icmp-type 3/ -j ACCEPT
-A INPUT -p icmp --icmp-type /3 -j ACCEPT
-A INPUT -p icmp --icmp-type echo-request/0 -j ACCEPT
-A INPUT -p icmp --icmp-type '' -j ACCEPT
C
}

@test "icmp without -p icmp, and with other protocols" {
	diff_cmds <<'C'
-A INPUT --icmp-type 8 -j ACCEPT
-A INPUT -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -p tcp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT ! -p icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp -m icmp -j ACCEPT
-A INPUT -p icmp -j ACCEPT
C
}

@test "icmp --icmp-type missing argument and twice" {
	diff_cmds <<'C'
-A INPUT -p icmp --icmp-type
-A INPUT -p icmp --icmp-type 8 --icmp-type 0 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 8 -m icmp --icmp-type 0 -j ACCEPT
C
}

@test "icmp -C and -D by name versus number" {
	diff_cmds <<'C'
-A INPUT -p icmp --icmp-type echo-request -j ACCEPT
-C INPUT -p icmp --icmp-type 8 -j ACCEPT
-C INPUT -p icmp --icmp-type 8/0 -j ACCEPT
-A INPUT -p icmp --icmp-type port-unreachable -j ACCEPT
-D INPUT -p icmp --icmp-type 3/3 -j ACCEPT
-D INPUT -p icmp --icmp-type ping -j ACCEPT
C
}
