#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Chain commands -N -X -E -P -F -Z and their errors, compared with
# iptables, including chain reference counting.

load helpers/diff

# 28, 29 and 30 character chain names (iptables' limit is 28 usable chars).
N28=abcdefghijklmnopqrstuvwxyz01
N29=abcdefghijklmnopqrstuvwxyz012
N30=abcdefghijklmnopqrstuvwxyz0123

@test "-N creates user chains, listed in creation order by -S" {
	diff_cmds <<'C'
-N zeta
-N alpha
--new-chain middle
--new middle2
-N a.b_c-d:e
C
}

@test "-N of an existing chain fails" {
	diff_cmds <<'C'
-N dup
-N dup
-A dup -j RETURN
-N dup
C
}

@test "-N of a builtin chain name fails" {
	diff_cmds <<'C'
-N INPUT
-N FORWARD
-N OUTPUT
-N PREROUTING
-N input
C
}

@test "-N name length: 28 ok, 29 and 30 refused" {
	diff_cmds <<C
-N $N28
-N $N29
-N $N30
-A INPUT -j $N28
-A INPUT -j $N29
C
}

@test "-N names starting with - or ! are refused" {
	diff_cmds <<'C'
-N -foo
-N '!foo'
-N !
-N --
-N foo!bar
C
}

@test "-N names clashing with targets are refused" {
	diff_cmds <<'C'
-N ACCEPT
-N DROP
-N RETURN
-N QUEUE
-N REJECT
-N LOG
-N accept
C
}

@test "-N without a name and with extra options" {
	diff_cmds <<'C'
-N
-N foo -j ACCEPT
-N bar -p tcp
-N baz extra
C
}

@test "-N with odd but legal characters in the name" {
	diff_cmds <<'C'
-N 0
-N 123
-N a/b
-N with.dots
-N UPPER_lower-123
-A INPUT -j 123
-A INPUT -j a/b
C
}

@test "-X deletes an empty unreferenced user chain" {
	diff_cmds <<'C'
-N foo
-N bar
-X foo
--delete-chain bar
C
}

@test "-X of a nonexistent chain fails" {
	diff_cmds <<'C'
-X nosuch
-N foo
-X foo
-X foo
C
}

@test "-X of a builtin chain fails" {
	diff_cmds <<'C'
-X INPUT
-X FORWARD
-X OUTPUT
C
}

@test "-X of a referenced chain fails and keeps it" {
	diff_cmds <<'C'
-N target
-A INPUT -j target
-X target
-D INPUT -j target
-X target
C
}

@test "-X of a chain referenced only by a goto fails" {
	diff_cmds <<'C'
-N target
-A FORWARD -g target
-X target
C
}

@test "-X of a non-empty chain fails" {
	diff_cmds <<'C'
-N full
-A full -j ACCEPT
-X full
-F full
-X full
C
}

@test "-X without argument deletes all empty unreferenced user chains" {
	diff_cmds <<'C'
-N a
-N b
-N c
-X
-N d
-N e
--delete-chain
C
}

@test "-X without argument with a non-empty user chain" {
	diff_cmds <<'C'
-N empty1
-N full
-A full -j ACCEPT
-N empty2
-X
C
}

@test "-X without argument with a referenced user chain" {
	diff_cmds <<'C'
-N empty1
-N ref
-A INPUT -j ref
-N empty2
-X
C
}

@test "-X of a chain referenced from another user chain" {
	diff_cmds <<'C'
-N outer
-N inner
-A outer -j inner
-X inner
-F outer
-X inner
-X outer
C
}

@test "-X with extra arguments" {
	diff_cmds <<'C'
-N foo
-X foo bar
-X foo -p tcp
C
}

@test "-E renames a chain and keeps the jumps to it" {
	diff_cmds <<'C'
-N old
-A old -j ACCEPT
-A INPUT -j old
-A FORWARD -g old
-E old new
-L -n
-X new
C
}

@test "-E to an existing chain name fails" {
	diff_cmds <<'C'
-N a
-N b
-E a b
-E a a
C
}

@test "-E to a builtin chain name and of a builtin chain fails" {
	diff_cmds <<'C'
-N a
-E a INPUT
-E INPUT a
-E INPUT foo
-E OUTPUT FORWARD
C
}

@test "-E of a nonexistent chain fails" {
	diff_cmds <<'C'
-E nosuch other
--rename-chain nosuch other
C
}

@test "-E of a referenced chain keeps the reference count" {
	diff_cmds <<'C'
-N a
-N caller
-A caller -j a
-A INPUT -j a
-E a b
-L b -n
-X b
-D INPUT -j b
-F caller
-X b
C
}

@test "-E to too long names and target names" {
	diff_cmds <<C
-N a
-E a $N29
-E a $N30
-E a ACCEPT
-E a -x
-E a $N28
C
}

@test "-E with missing new name" {
	diff_cmds <<'C'
-N a
-E a
-E
C
}

@test "-P sets builtin chain policies" {
	diff_cmds <<'C'
-P INPUT DROP
-P FORWARD DROP
-P OUTPUT DROP
-P OUTPUT ACCEPT
--policy FORWARD ACCEPT
-L -n
C
}

@test "-P on a user chain fails" {
	diff_cmds <<'C'
-N u
-P u DROP
-P u ACCEPT
C
}

@test "-P with bad policies" {
	diff_cmds <<'C'
-P INPUT RETURN
-P INPUT foo
-P INPUT drop
-P INPUT accept
-P INPUT REJECT
-P INPUT QUEUE
C
}

@test "-P with missing arguments and nonexistent chain" {
	diff_cmds <<'C'
-P INPUT
-P
-P nosuch DROP
-P INPUT DROP extra
C
}

@test "-P with -c sets the policy counters" {
	diff_cmds <<'C'
-P INPUT DROP -c 10 20
-L INPUT -v -x
C
}

@test "-F flushes the whole table but keeps chains and policies" {
	diff_cmds <<'C'
-P INPUT DROP
-N u
-A u -j RETURN
-A INPUT -j u
-A OUTPUT -j ACCEPT
-A FORWARD -j DROP
-F
C
}

@test "-F of one chain only" {
	diff_cmds <<'C'
-A INPUT -j ACCEPT
-A OUTPUT -j ACCEPT
-N u
-A u -j ACCEPT
-F INPUT
--flush u
C
}

@test "-F of a nonexistent chain fails" {
	diff_cmds <<'C'
-A INPUT -j ACCEPT
-F nosuch
-F input
C
}

@test "-F of a chain referenced by jumps keeps the references" {
	diff_cmds <<'C'
-N u
-A INPUT -j u
-F INPUT
-X u
C
}

@test "-Z zeroes all counters" {
	diff_cmds <<'C'
-A INPUT -j ACCEPT -c 100 2000
-A OUTPUT -j ACCEPT -c 300 4000
-P FORWARD DROP -c 5 6
-Z
-L -v -x -n
C
}

@test "-Z of one chain only" {
	diff_cmds <<'C'
-A INPUT -j ACCEPT -c 100 2000
-A OUTPUT -j ACCEPT -c 300 4000
-Z INPUT
--zero OUTPUT
-Z OUTPUT
-L -v -x -n
C
}

@test "-Z of one rule by number" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT -c 1 10
-A INPUT -s 198.18.0.2 -j ACCEPT -c 2 20
-A INPUT -s 198.18.0.3 -j ACCEPT -c 3 30
-Z INPUT 2
-S -v
C
}

@test "-Z with bad rule numbers and nonexistent chain" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT -c 1 10
-Z INPUT 0
-Z INPUT 2
-Z INPUT x
-Z nosuch
-Z nosuch 1
-S -v
C
}

@test "-Z combined with -L lists then zeroes" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT -c 1 10
-A OUTPUT -s 198.18.0.2 -j ACCEPT -c 2 20
-L -Z -v -n
-L -v -n
-A INPUT -c 5 50
-Z -L INPUT -v -x -n
-L -v -x -n
C
}

@test "-Z with -S and with a rule number plus -L" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT -c 1 10
-A INPUT -s 198.18.0.2 -j ACCEPT -c 2 20
-S -Z
-L INPUT 1 -Z -v
-S -v
C
}

@test "-Z of a user chain" {
	diff_cmds <<'C'
-N u
-A u -j RETURN -c 7 70
-A INPUT -j u -c 8 80
-Z u
-S -v
C
}

@test "chain reference counts shown by -L after jumps, gotos and deletes" {
	diff_cmds <<'C'
-N a
-N b
-A INPUT -j a
-A FORWARD -j a
-A OUTPUT -g b
-A a -j b
-L -n
-D FORWARD 1
-L a -n
-F a
-L b -n
C
}
