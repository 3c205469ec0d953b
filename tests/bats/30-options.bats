#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# General options and option parsing: -c/--set-counters, -w/-W, -V, -h,
# missing command, misplaced '!', unknown options, illegal combinations.
#
# Help text (-h) is not required to be byte-equal to iptables': the @help
# steps compare only the exit code, stderr and that stdout is non-empty.

load helpers/diff

@test "-c PKTS BYTES on -A and -I" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -c 1 2 -j ACCEPT
-I INPUT -c 3 4 -s 198.18.0.2 -j ACCEPT
-A INPUT -s 198.18.0.3 -j ACCEPT -c 0 0
-A INPUT --set-counters 5 6 -j DROP
-L -v -x -n
C
}

@test "-c PKTS,BYTES form" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -c 1,2 -j ACCEPT
-A INPUT -s 198.18.0.2 --set-counters 3,4 -j ACCEPT
-A INPUT -s 198.18.0.3 -c 5, -j ACCEPT
-A INPUT -s 198.18.0.4 -c ,6 -j ACCEPT
C
}

@test "-c with bad numbers" {
	diff_cmds <<'C'
-A INPUT -c x 2 -j ACCEPT
-A INPUT -c 1 y -j ACCEPT
-A INPUT -c -1 2 -j ACCEPT
-A INPUT -c 1 -2 -j ACCEPT
-A INPUT -c 1.5 2 -j ACCEPT
-A INPUT -c 0x10 0x20 -j ACCEPT
C
}

@test "-c with missing arguments" {
	diff_cmds <<'C'
-A INPUT -j ACCEPT -c
-A INPUT -j ACCEPT -c 1
-A INPUT -c 1 -j ACCEPT
C
}

@test "-c with 64-bit and overflowing values" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -c 18446744073709551615 18446744073709551615 -j ACCEPT
-A INPUT -s 198.18.0.2 -c 18446744073709551616 1 -j ACCEPT
-A INPUT -s 198.18.0.3 -c 4294967296 4294967297 -j ACCEPT
-L INPUT -v -n
-L INPUT -v -x -n
C
}

@test "-c is ignored or refused with commands that take no counters" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT -c 9 9
-D INPUT -s 198.18.0.1 -j ACCEPT -c 1 1
-A INPUT -s 198.18.0.1 -j ACCEPT -c 9 9
-C INPUT -s 198.18.0.1 -j ACCEPT -c 1 1
-L -c 1 2
-N foo -c 1 2
-F -c 1 2
C
}

@test "-w and -w SECONDS are accepted" {
	diff_cmds <<'C'
-w -A INPUT -s 198.18.0.1 -j ACCEPT
-w 5 -A INPUT -s 198.18.0.2 -j ACCEPT
--wait -A INPUT -s 198.18.0.3 -j ACCEPT
--wait 2 -S
-A INPUT -w -s 198.18.0.4 -j ACCEPT
-w -L -n
C
}

@test "-w with bad values" {
	diff_cmds <<'C'
-w abc -A INPUT -j ACCEPT
-w -1 -A INPUT -j ACCEPT
-w 1.5 -A INPUT -j ACCEPT
C
}

@test "-W without -w and with -w" {
	diff_cmds <<'C'
-W 100000 -A INPUT -s 198.18.0.1 -j ACCEPT
-w -W 100000 -A INPUT -s 198.18.0.2 -j ACCEPT
--wait 1 --wait-interval 1000 -S
-W abc -S
C
}

@test "-V and --version print the version" {
	diff_cmds <<'C'
-V
--version
C
}

@test "-V combined with a command" {
	diff_cmds <<'C'
-V -L
-A INPUT -j ACCEPT -V
C
}

@test "-h / --help print help and exit 0 (text not compared)" {
	diff_cmds <<'C'
@help -h
@help --help
C
}

@test "-h with extension help (text not compared)" {
	diff_cmds <<'C'
@help -p tcp -h
@help -p udp -h
@help -p icmp -h
@help -m multiport -h
@help -m comment -h
@help -j REJECT -h
@help -j LOG -h
C
}

@test "no command at all" {
	diff_cmds <<'C'

-s 198.18.0.1
-p tcp --dport 22
-j ACCEPT
-t filter
C
}

@test "bare iptables without arguments" {
	diff_cmds "@ipt"
}

@test "'! ! -s' double negation is refused" {
	diff_cmds <<'C'
-A INPUT ! ! -s 198.18.0.1 -j ACCEPT
-A INPUT ! ! -p tcp -j ACCEPT
C
}

@test "trailing or misplaced '!'" {
	diff_cmds <<'C'
-A INPUT !
-A INPUT -j ACCEPT !
-A INPUT ! -j ACCEPT
-A INPUT ! -c 1 2 -j ACCEPT
! -A INPUT -s 198.18.0.1 -j ACCEPT
C
}

@test "intrapositioned negation '--option ! value'" {
	diff_cmds <<'C'
-A INPUT -s ! 198.18.0.1 -j ACCEPT
-A INPUT -p ! tcp -j ACCEPT
-A INPUT -p tcp --dport ! 22 -j ACCEPT
C
}

@test "'!' before options that cannot be negated" {
	diff_cmds <<'C'
-A INPUT ! -j ACCEPT
-A INPUT ! -m tcp -p tcp -j ACCEPT
-A INPUT -p tcp -m tcp ! -m comment --comment x
C
}

@test "unknown short and long options" {
	diff_cmds <<'C'
-A INPUT -Q
-A INPUT --foo
-A INPUT --sourcex 198.18.0.1
-A INPUT -y -j ACCEPT
--bogus
C
}

@test "Bad argument: stray words after the rule" {
	diff_cmds <<'C'
-A INPUT foo
-A INPUT -j ACCEPT extra
-A INPUT -s 198.18.0.1 198.18.0.2
-L INPUT extra words
C
}

@test "options that need an argument, given none" {
	diff_cmds <<'C'
-A INPUT -s
-A INPUT -d
-A INPUT -p
-A INPUT -i
-A INPUT -o
-A INPUT -j
-A INPUT -g
-A INPUT -m
-t
C
}

@test "the same option twice is refused" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -s 198.18.0.2 -j ACCEPT
-A INPUT -d 198.18.0.1 -d 198.18.0.2 -j ACCEPT
-A INPUT -p tcp -p udp -j ACCEPT
-A INPUT -i eth0 -i eth1 -j ACCEPT
-A INPUT -o eth0 -o eth1 -j ACCEPT
-A INPUT -j ACCEPT -j DROP
-A INPUT -f -f -j ACCEPT
-A INPUT -p tcp --dport 1 --dport 2 -j ACCEPT
C
}

@test "-j and -g together" {
	diff_cmds <<'C'
-N u
-A INPUT -j ACCEPT -g u
-A INPUT -g u -j u
C
}

@test "illegal option/command combinations: -L with rule options" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-L -s 198.18.0.1
-L INPUT -p tcp
-L -j ACCEPT
-L -i eth0
-S -d 198.18.0.1
C
}

@test "illegal option/command combinations: -F -X -N -E -P -Z with rule options" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-F -p tcp
-F INPUT -s 198.18.0.1
-Z -p tcp
-N foo -s 198.18.0.1
-X foo -p tcp
-E foo bar -j ACCEPT
-P INPUT DROP -p tcp
C
}

@test "illegal option/command combinations: -v -n -x --line-numbers" {
	diff_cmds <<'C'
-A INPUT -n -s 198.18.0.1 -j ACCEPT
-A INPUT -x -s 198.18.0.2 -j ACCEPT
-A INPUT --line-numbers -s 198.18.0.3 -j ACCEPT
-A INPUT -v -s 198.18.0.4 -j ACCEPT
-S -n
-S -x
-S --line-numbers
-F -n
-F -v
-N foo -v
-X foo -v
C
}

@test "-t filter given once, twice, after the command" {
	diff_cmds <<'C'
-t filter -S
-t filter -t filter -S
-S -t filter
C
}

@test "long options abbreviated (getopt prefixes)" {
	diff_cmds <<'C'
--app INPUT --sou 198.18.0.1 --jump ACCEPT
--ins INPUT --dest 198.18.0.2 --jump DROP
--list-rules
--li INPUT
--del INPUT 1
C
}

@test "options given as --opt=value" {
	diff_cmds <<'C'
--append=INPUT --source=198.18.0.1 --jump=ACCEPT
-A INPUT --protocol=tcp --dport=22 -j ACCEPT
-A INPUT --in-interface=lo --jump=ACCEPT
C
}

@test "numeric flags spelled as words" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT -c 1 1
--list --numeric --verbose --exact --line-numbers
--list-rules --verbose
C
}

@test "-v with rule commands prints the rules" {
	diff_cmds <<'C'
-v -A INPUT -s 198.18.0.1 -p tcp --dport 22 -j ACCEPT
-v -I FORWARD -i eth0 ! -o eth1 -j DROP
-v -A INPUT -s 198.18.0.1,198.18.0.2 -d 198.18.1.1 -j ACCEPT
-v -C INPUT -s 198.18.0.1 -p tcp --dport 22 -j ACCEPT
-v -R INPUT 2 -f -p udp -j RETURN
-v -D INPUT 1
-v -D INPUT -s 198.18.0.1 -p tcp --dport 22 -j ACCEPT
-v -A FORWARD -m comment --comment "hi there" -j LOG --log-prefix "x: "
C
}

@test "-v with chain commands prints what is done" {
	diff_cmds <<'C'
-v -N foo
-v -A foo -j ACCEPT
-v -F foo
-v -F
-v -Z
-v -Z foo
-v -E foo bar
-v -X bar
-v -X
-v -P INPUT DROP
C
}

@test "-4 and -6 protocol family options" {
	diff_cmds <<'C'
-4 -A INPUT -s 198.18.0.1 -j ACCEPT
--ipv4 -S
-6 -A INPUT -j ACCEPT
--ipv6 -L
C
}

@test "--line-numbers and -x are accepted but meaningless with -S" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT -c 1000000 1000000000
-S --line-numbers
-S -x -v
-S INPUT 1 -v -x
C
}

@test "--modprobe option is accepted" {
	diff_cmds <<'C'
--modprobe=/bin/true -A INPUT -s 198.18.0.1 -j ACCEPT
-A INPUT --modprobe /bin/true -s 198.18.0.2 -j ACCEPT
C
}
