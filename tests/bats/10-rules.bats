#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Rule commands -A -C -D -I -R and their errors, compared with iptables.

load helpers/diff

@test "-A appends rules in order to builtin chains" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT -s 198.18.0.2 -j DROP
-A FORWARD -d 198.18.0.3 -j ACCEPT
-A OUTPUT -p tcp -j RETURN
-A INPUT -s 198.18.0.4
C
}

@test "-A with long form --append and explicit -t filter / --table=filter" {
	diff_cmds <<'C'
--append INPUT -s 198.18.0.1 -j ACCEPT
-t filter -A INPUT -s 198.18.0.2 -j ACCEPT
--table filter --append OUTPUT -j DROP
--table=filter -A FORWARD -j DROP
-tfilter -A FORWARD -j ACCEPT
C
}

@test "-A accepts identical duplicate rules" {
	diff_cmds <<'C'
-A INPUT -p tcp --dport 22 -j ACCEPT
-A INPUT -p tcp --dport 22 -j ACCEPT
-A INPUT -p tcp --dport 22 -j ACCEPT
C
}

@test "-A with no rule specification appends a match-all rule" {
	diff_cmds <<'C'
-A INPUT
-A OUTPUT
-L -n -v
C
}

@test "-A to a nonexistent chain fails" {
	diff_cmds <<'C'
-A nosuch -j ACCEPT
-A input -j ACCEPT
-A Input -j ACCEPT
C
}

@test "-A without a chain name fails" {
	diff_cmds <<'C'
-A
--append
-A -j ACCEPT
C
}

@test "-A to a user chain and rule with only a target" {
	diff_cmds <<'C'
-N web
-A web -p tcp --dport 80 -j ACCEPT
-A web -j RETURN
-A INPUT -j web
-A INPUT -j DROP
C
}

@test "-C finds an existing rule (exit 0, no output)" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1/32 -p tcp --dport 22 -j ACCEPT
-C INPUT -s 198.18.0.1/32 -p tcp --dport 22 -j ACCEPT
-C INPUT -s 198.18.0.1 -p tcp -m tcp --dport ssh -j ACCEPT
--check INPUT -p tcp --dport 22 -s 198.18.0.1 -j ACCEPT
C
}

@test "-C of an absent rule fails with Bad rule" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -p tcp --dport 22 -j ACCEPT
-C INPUT -s 198.18.0.1 -p tcp --dport 22 -j DROP
-C INPUT -s 198.18.0.2 -p tcp --dport 22 -j ACCEPT
-C INPUT -s 198.18.0.1 -p tcp --dport 23 -j ACCEPT
-C INPUT -s 198.18.0.1 -p tcp --dport 22
-C OUTPUT -s 198.18.0.1 -p tcp --dport 22 -j ACCEPT
C
}

@test "-C on a nonexistent chain and on an empty chain" {
	diff_cmds <<'C'
-C nosuch -j ACCEPT
-N empty
-C empty -j ACCEPT
-C INPUT -j ACCEPT
C
}

@test "-C with a rule number is refused" {
	diff_cmds <<'C'
-A INPUT -j ACCEPT
-C INPUT 1
-C INPUT 1 -j ACCEPT
C
}

@test "-C distinguishes negation" {
	diff_cmds <<'C'
-A INPUT ! -s 198.18.0.1 -j ACCEPT
-C INPUT -s 198.18.0.1 -j ACCEPT
-C INPUT ! -s 198.18.0.1 -j ACCEPT
-A INPUT -p tcp ! --dport 22 -j DROP
-C INPUT -p tcp --dport 22 -j DROP
-C INPUT -p tcp ! --dport 22 -j DROP
C
}

@test "-D by rule specification" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT -s 198.18.0.2 -j ACCEPT
-A INPUT -s 198.18.0.3 -j ACCEPT
-D INPUT -s 198.18.0.2 -j ACCEPT
-D INPUT -s 198.18.0.2/32 -j ACCEPT
--delete INPUT -s 198.18.0.3/255.255.255.255 -j ACCEPT
C
}

@test "-D by rule specification deletes only the first of duplicates" {
	diff_cmds <<'C'
-A INPUT -p udp --dport 53 -j ACCEPT
-A INPUT -s 198.18.0.9 -j DROP
-A INPUT -p udp --dport 53 -j ACCEPT
-D INPUT -p udp --dport 53 -j ACCEPT
-L INPUT -n --line-numbers
C
}

@test "-D of a rule that does not exist" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-D INPUT -s 198.18.0.1 -j DROP
-D INPUT -s 198.18.0.5 -j ACCEPT
-D OUTPUT -s 198.18.0.1 -j ACCEPT
-D nosuch -s 198.18.0.1 -j ACCEPT
C
}

@test "-D by number: first, middle, last" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT -s 198.18.0.2 -j ACCEPT
-A INPUT -s 198.18.0.3 -j ACCEPT
-A INPUT -s 198.18.0.4 -j ACCEPT
-A INPUT -s 198.18.0.5 -j ACCEPT
-D INPUT 1
-D INPUT 2
-D INPUT 3
-S INPUT
-D INPUT 1
-D INPUT 1
C
}

@test "-D by number 0, -1 and too big" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT -s 198.18.0.2 -j ACCEPT
-D INPUT 0
-D INPUT -1
-D INPUT 3
-D INPUT 99999
-D OUTPUT 1
C
}

@test "-D by number: non-numeric and malformed numbers" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-D INPUT abc
-D INPUT 1a
-D INPUT 0x1
-D INPUT 01
-D INPUT 4294967296
-D INPUT ''
C
}

@test "-D by number in a nonexistent chain and in a user chain" {
	diff_cmds <<'C'
-D nosuch 1
-N u
-A u -j RETURN
-A u -j ACCEPT
-D u 2
-D u 2
-D u 1
C
}

@test "-D by number combined with a rule specification is refused" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-D INPUT 1 -p tcp
-D INPUT 1 -j ACCEPT
-D INPUT 1 -s 198.18.0.1
C
}

@test "-I without number inserts at the top" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-I INPUT -s 198.18.0.2 -j ACCEPT
--insert INPUT -s 198.18.0.3 -j DROP
-I INPUT
C
}

@test "-I with a number: 1, middle, end+1" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT -s 198.18.0.2 -j ACCEPT
-I INPUT 1 -s 198.18.0.10 -j ACCEPT
-I INPUT 2 -s 198.18.0.11 -j ACCEPT
-I INPUT 5 -s 198.18.0.12 -j ACCEPT
-L INPUT -n --line-numbers
C
}

@test "-I beyond end+1 fails: Index of insertion too big" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-I INPUT 3 -s 198.18.0.2 -j ACCEPT
-I INPUT 100 -s 198.18.0.2 -j ACCEPT
-I OUTPUT 2 -j ACCEPT
-I OUTPUT 1 -j ACCEPT
C
}

@test "-I with number 0, -1 and non-numeric" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-I INPUT 0 -j ACCEPT
-I INPUT -1 -j ACCEPT
-I INPUT x -j ACCEPT
-I INPUT 1x -j ACCEPT
C
}

@test "-I into empty builtin and user chains" {
	diff_cmds <<'C'
-I FORWARD 1 -j DROP
-N u
-I u -j RETURN
-I u 1 -p icmp -j ACCEPT
-I u 3 -p udp -j ACCEPT
-I nosuch -j ACCEPT
C
}

@test "-R replaces a rule in range" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT -s 198.18.0.2 -j ACCEPT
-A INPUT -s 198.18.0.3 -j ACCEPT
-R INPUT 2 -s 198.18.0.20 -p tcp --dport 80 -j DROP
--replace INPUT 1 -j RETURN
-R INPUT 3 -s 198.18.0.3 -j ACCEPT
C
}

@test "-R out of range, 0, negative, non-numeric" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-R INPUT 2 -j DROP
-R INPUT 0 -j DROP
-R INPUT -1 -j DROP
-R INPUT a -j DROP
-R OUTPUT 1 -j DROP
C
}

@test "-R without a rule number and on a nonexistent chain" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-R INPUT -j DROP
-R INPUT
-R nosuch 1 -j DROP
-R
C
}

@test "-R in a user chain keeps the other rules" {
	diff_cmds <<'C'
-N u
-A u -p tcp -j ACCEPT
-A u -p udp -j ACCEPT
-A u -p icmp -j ACCEPT
-R u 2 -p udp --dport 53 -j DROP
-S u
C
}

@test "-R with -c sets the counters of the replaced rule" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT -c 10 20
-R INPUT 1 -s 198.18.0.1 -j DROP -c 30 40
-R INPUT 1 -s 198.18.0.1 -j DROP
-L INPUT -v -x -n
C
}

@test "-C and -D of comma lists of addresses" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1,198.18.0.2 -d 198.18.1.1,198.18.1.2 -j ACCEPT
-C INPUT -s 198.18.0.1,198.18.0.2 -d 198.18.1.1,198.18.1.2 -j ACCEPT
-C INPUT -s 198.18.0.1 -d 198.18.1.2 -j ACCEPT
-C INPUT -s 198.18.0.1,198.18.0.3 -d 198.18.1.1 -j ACCEPT
-D INPUT -s 198.18.0.2 -d 198.18.1.1,198.18.1.2 -j ACCEPT
-S INPUT
-D INPUT -s 198.18.0.1,198.18.0.2 -d 198.18.1.1,198.18.1.2 -j ACCEPT
C
}

@test "two commands in one invocation are refused" {
	diff_cmds <<'C'
-A INPUT -D INPUT
-A INPUT -j ACCEPT -D INPUT
-I INPUT -A INPUT -j ACCEPT
-A INPUT -A OUTPUT -j ACCEPT
-C INPUT -j ACCEPT -A INPUT
-R INPUT 1 -I INPUT
C
}

@test "-A/-I/-D/-R/-C accept the chain INPUT only in upper case" {
	diff_cmds <<'C'
-A input -j ACCEPT
-I forward -j ACCEPT
-D output 1
-R INPUT 1 -j ACCEPT
-C Output -j ACCEPT
C
}

@test "rules survive and order is kept across many appends and deletes" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT -s 198.18.0.2 -j ACCEPT
-I INPUT 2 -s 198.18.0.3 -j ACCEPT
-A INPUT -s 198.18.0.4 -j ACCEPT
-D INPUT 3
-I INPUT -s 198.18.0.5 -j ACCEPT
-R INPUT 4 -s 198.18.0.6 -j ACCEPT
-D INPUT -s 198.18.0.5 -j ACCEPT
-I INPUT 3 -s 198.18.0.7 -j ACCEPT
-L INPUT -n --line-numbers
C
}
