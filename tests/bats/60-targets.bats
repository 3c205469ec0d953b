#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Targets: ACCEPT DROP RETURN, jumps and gotos to user chains (loops,
# self jumps, missing chains), REJECT with every --reject-with value and
# alias, LOG with every option, rules without target.

load helpers/diff

@test "standard targets ACCEPT DROP RETURN in every builtin chain" {
	diff_cmds <<'C'
-A INPUT -j ACCEPT
-A INPUT -j DROP
-A INPUT -j RETURN
-A FORWARD -j ACCEPT
-A FORWARD -j DROP
-A FORWARD -j RETURN
-A OUTPUT --jump ACCEPT
-A OUTPUT --jump DROP
-A OUTPUT --jump RETURN
C
}

@test "target names are case-sensitive" {
	diff_cmds <<'C'
-A INPUT -j accept
-A INPUT -j Drop
-A INPUT -j return
-A INPUT -j reject
-A INPUT -j log
C
}

@test "unknown and empty target names" {
	diff_cmds <<'C'
-A INPUT -j NOSUCHTARGET
-A INPUT -j ''
-A INPUT -j
C
}

@test "rules with no target" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1
-A INPUT -p tcp --dport 22
-A INPUT -m comment --comment counting
-C INPUT -s 198.18.0.1
-L INPUT -v -n
C
}

@test "-j to a user chain, and to a nonexistent chain" {
	diff_cmds <<'C'
-N u
-A INPUT -j u
-A INPUT -j nosuch
-A INPUT -j U
-I OUTPUT -j u
C
}

@test "-g goto a user chain" {
	diff_cmds <<'C'
-N u
-A INPUT -g u
-A FORWARD -p tcp --goto u
-A INPUT -g nosuch
-A INPUT -g ACCEPT
-L -n
C
}

@test "-g to builtin chains and to targets is refused" {
	diff_cmds <<'C'
-A INPUT -g INPUT
-A INPUT -g OUTPUT
-A INPUT -g DROP
-A INPUT -g RETURN
-A INPUT -g REJECT
C
}

@test "-j to builtin chains is refused" {
	diff_cmds <<'C'
-A INPUT -j OUTPUT
-A INPUT -j INPUT
-A OUTPUT -j FORWARD
C
}

@test "jump loops reachable from a builtin chain are refused: a -> b -> a" {
	diff_cmds <<'C'
-N a
-N b
-A INPUT -j a
-A a -j b
-A b -j a
-I b -j a
-A b -g a
C
}

@test "jump loops not reachable from a builtin chain" {
	# Neither backend checks loops among chains that no builtin chain
	# reaches; linking the loop in afterwards is what fails.
	diff_cmds <<'C'
-N a
-N b
-A a -j b
-A b -j a
-A INPUT -j a
-A FORWARD -g b
-S
-F b
-A INPUT -j a
C
}

@test "jump loops are refused: three chains and goto" {
	diff_cmds <<'C'
-N a
-N b
-N c
-A OUTPUT -p tcp -j a
-A a -j b
-A b -g c
-A c -j a
-A c -g a
-A c -j RETURN
C
}

@test "self jump and self goto are refused" {
	diff_cmds <<'C'
-N a
-A FORWARD -j a
-A a -j a
-A a -g a
-A a -s 198.18.0.1 -j a
C
}

@test "self jump in an unreferenced chain" {
	diff_cmds <<'C'
-N a
-A a -j a
-A INPUT -j a
C
}

@test "loops created by -R and -I are refused" {
	diff_cmds <<'C'
-N a
-N b
-A INPUT -j a
-A a -j b
-A b -j RETURN
-R b 1 -j a
-I b 1 -j a
C
}

@test "loop check sees through renamed chains" {
	diff_cmds <<'C'
-N a
-N b
-A INPUT -j a
-A a -j b
-E b c
-A c -j a
-E a d
-A c -g d
C
}

@test "-j RETURN in builtin and user chains" {
	diff_cmds <<'C'
-N u
-A u -j RETURN
-A u -p tcp -j RETURN
-A INPUT -j RETURN
-A INPUT -j u
C
}

@test "deep chain of jumps is accepted" {
	diff_cmds <<'C'
-N c1
-N c2
-N c3
-N c4
-N c5
-N c6
-A c1 -j c2
-A c2 -j c3
-A c3 -j c4
-A c4 -j c5
-A c5 -g c6
-A c6 -j DROP
-A INPUT -j c1
-L -n
C
}

@test "REJECT without options and with --reject-with default" {
	diff_cmds <<'C'
-A INPUT -j REJECT
-A INPUT -j REJECT --reject-with icmp-port-unreachable
-C INPUT -j REJECT --reject-with port-unreach
-L INPUT
C
}

@test "REJECT --reject-with every icmp value" {
	diff_cmds <<'C'
-A INPUT -j REJECT --reject-with icmp-net-unreachable
-A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j REJECT --reject-with icmp-proto-unreachable
-A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -j REJECT --reject-with icmp-net-prohibited
-A INPUT -j REJECT --reject-with icmp-host-prohibited
-A INPUT -j REJECT --reject-with icmp-admin-prohibited
-L INPUT
-L INPUT -n -v
C
}

@test "REJECT --reject-with every alias" {
	diff_cmds <<'C'
-A INPUT -j REJECT --reject-with net-unreach
-A INPUT -j REJECT --reject-with host-unreach
-A INPUT -j REJECT --reject-with proto-unreach
-A INPUT -j REJECT --reject-with port-unreach
-A INPUT -j REJECT --reject-with net-prohib
-A INPUT -j REJECT --reject-with host-prohib
-A INPUT -j REJECT --reject-with admin-prohib
-A INPUT -p tcp -j REJECT --reject-with tcp-rst
C
}

@test "REJECT tcp-reset with -p tcp" {
	diff_cmds <<'C'
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -p tcp --dport 113 -j REJECT --reject-with tcp-reset
-A FORWARD -p 6 -j REJECT --reject-with tcp-reset
-L -n
C
}

@test "REJECT tcp-reset without -p tcp and with ! -p tcp" {
	diff_cmds <<'C'
-A INPUT -j REJECT --reject-with tcp-reset
-A INPUT ! -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -p udp -j REJECT --reject-with tcp-reset
-A INPUT -p all -j REJECT --reject-with tcp-rst
C
}

@test "REJECT bad values" {
	diff_cmds <<'C'
-A INPUT -j REJECT --reject-with nosuch
-A INPUT -j REJECT --reject-with
-A INPUT -j REJECT --reject-with icmp-echo-reply
-A INPUT -j REJECT --reject-with ICMP-NET-UNREACHABLE
-A INPUT -j REJECT --reject-with icmp6-port-unreachable
-A INPUT -j REJECT --reject-with net
C
}

@test "REJECT in every builtin chain and in a user chain" {
	diff_cmds <<'C'
-N u
-A u -j REJECT --reject-with icmp-host-prohibited
-A INPUT -j REJECT
-A FORWARD -j REJECT --reject-with icmp-net-prohibited
-A OUTPUT -j REJECT --reject-with icmp-admin-prohibited
C
}

@test "REJECT option twice and without -j REJECT" {
	diff_cmds <<'C'
-A INPUT -j REJECT --reject-with net-unreach --reject-with host-unreach
-A INPUT --reject-with net-unreach
-A INPUT -j DROP --reject-with net-unreach
C
}

@test "LOG without options and with every option" {
	diff_cmds <<'C'
-A INPUT -j LOG
-A INPUT -j LOG --log-level 4 --log-prefix "all: " --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode
-A INPUT -j LOG --log-tcp-sequence
-A INPUT -j LOG --log-tcp-options
-A INPUT -j LOG --log-ip-options
-A INPUT -j LOG --log-uid
-A INPUT -j LOG --log-macdecode
-L INPUT
-L INPUT -n
C
}

@test "LOG --log-level by name" {
	diff_cmds <<'C'
-A INPUT -j LOG --log-level emerg
-A INPUT -j LOG --log-level alert
-A INPUT -j LOG --log-level crit
-A INPUT -j LOG --log-level error
-A INPUT -j LOG --log-level warning
-A INPUT -j LOG --log-level notice
-A INPUT -j LOG --log-level info
-A INPUT -j LOG --log-level debug
-A INPUT -j LOG --log-level panic
-A INPUT -j LOG --log-level err
-A INPUT -j LOG --log-level warn
-L INPUT
C
}

@test "LOG --log-level by number 0..7" {
	diff_cmds <<'C'
-A INPUT -j LOG --log-level 0
-A INPUT -j LOG --log-level 1
-A INPUT -j LOG --log-level 2
-A INPUT -j LOG --log-level 3
-A INPUT -j LOG --log-level 4
-A INPUT -j LOG --log-level 5
-A INPUT -j LOG --log-level 6
-A INPUT -j LOG --log-level 7
-L INPUT -n
C
}

@test "LOG bad levels" {
	diff_cmds <<'C'
-A INPUT -j LOG --log-level 8
-A INPUT -j LOG --log-level -1
-A INPUT -j LOG --log-level bad
-A INPUT -j LOG --log-level DEBUG
-A INPUT -j LOG --log-level ''
-A INPUT -j LOG --log-level
C
}

@test "LOG prefix 29 characters ok, 30 refused" {
	diff_cmds <<'C'
-A INPUT -j LOG --log-prefix 12345678901234567890123456789
-A INPUT -j LOG --log-prefix 123456789012345678901234567890
-A INPUT -j LOG --log-prefix "with spaces 890123456789012 9"
C
}

@test "LOG prefix with quotes, spaces and empty" {
	diff_cmds <<'C'
-A INPUT -j LOG --log-prefix "dropped: "
-A INPUT -j LOG --log-prefix 'say "x" '
-A INPUT -j LOG --log-prefix "  "
-A INPUT -j LOG --log-prefix ''
-A INPUT -j LOG --log-prefix
-L INPUT
C
}

@test "LOG options twice and without -j LOG" {
	diff_cmds <<'C'
-A INPUT -j LOG --log-level 1 --log-level 2
-A INPUT -j LOG --log-prefix a --log-prefix b
-A INPUT -j LOG --log-uid --log-uid
-A INPUT --log-uid -j ACCEPT
C
}

@test "LOG -C and -D compare every option" {
	diff_cmds <<'C'
-A INPUT -j LOG --log-prefix "x: " --log-level alert
-C INPUT -j LOG --log-prefix "x: " --log-level 1
-C INPUT -j LOG --log-prefix "x: "
-C INPUT -j LOG --log-prefix "y: " --log-level 1
-D INPUT -j LOG --log-prefix "x: " --log-level 1 --log-uid
-D INPUT -j LOG --log-level 1 --log-prefix "x: "
C
}

@test "LOG and REJECT combined with matches" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.0/24 -p tcp --dport 23 -j LOG --log-prefix "telnet: "
-A INPUT -s 198.18.0.0/24 -p tcp --dport 23 -j REJECT --reject-with tcp-reset
-A INPUT -p udp -m multiport --dports 137:139 -m comment --comment netbios -j REJECT
-A INPUT -p icmp --icmp-type echo-request -j LOG --log-level info
-L INPUT -v
C
}
