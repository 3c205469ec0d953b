#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# tcp and udp matches: ports (single, ranges, service names, long forms),
# --tcp-flags, --syn, --tcp-option, implicit and explicit -m, errors.

load helpers/diff

@test "tcp --sport/--dport single ports" {
	diff_cmds <<'C'
-A INPUT -p tcp --sport 1 -j ACCEPT
-A INPUT -p tcp --dport 22 -j ACCEPT
-A INPUT -p tcp --sport 0 -j ACCEPT
-A INPUT -p tcp --dport 65535 -j ACCEPT
-A INPUT -p tcp --sport 1024 --dport 80 -j ACCEPT
C
}

@test "tcp port ranges: 1:1023 :1023 1024: and full range" {
	diff_cmds <<'C'
-A INPUT -p tcp --sport 1:1023 -j ACCEPT
-A INPUT -p tcp --sport :1023 -j ACCEPT
-A INPUT -p tcp --dport 1024: -j ACCEPT
-A INPUT -p tcp --dport 0:65535 -j ACCEPT
-A INPUT -p tcp --dport 80:80 -j ACCEPT
-A INPUT -p tcp --dport : -j ACCEPT
-L INPUT -n
C
}

@test "tcp reversed range 2000:1000" {
	diff_cmds <<'C'
-A INPUT -p tcp --dport 2000:1000 -j ACCEPT
-A INPUT -p udp --sport 65535:0 -j ACCEPT
C
}

@test "tcp service names: ssh http domain and ranges of names" {
	diff_cmds <<'C'
-A INPUT -p tcp --dport ssh -j ACCEPT
-A INPUT -p tcp --dport http -j ACCEPT
-A INPUT -p tcp --sport domain -j ACCEPT
-A INPUT -p tcp --dport ftp:ssh -j ACCEPT
-A INPUT -p tcp --dport www -j ACCEPT
-C INPUT -p tcp --dport 22 -j ACCEPT
-L INPUT
C
}

@test "tcp bad ports: 65536 -1 nosuchservice" {
	diff_cmds <<'C'
-A INPUT -p tcp --dport 65536 -j ACCEPT
-A INPUT -p tcp --sport -1 -j ACCEPT
-A INPUT -p tcp --dport nosuchservice -j ACCEPT
-A INPUT -p tcp --dport 1:65536 -j ACCEPT
-A INPUT -p tcp --dport 1:2:3 -j ACCEPT
-A INPUT -p tcp --dport '' -j ACCEPT
-A INPUT -p tcp --dport 22,80 -j ACCEPT
C
}

@test "tcp long forms --source-port/--destination-port" {
	diff_cmds <<'C'
-A INPUT -p tcp --source-port 1024: -j ACCEPT
-A INPUT -p tcp --destination-port 443 -j ACCEPT
-A INPUT -p tcp --source-port 1 --destination-port 2 -j ACCEPT
C
}

@test "tcp ports with '!'" {
	diff_cmds <<'C'
-A INPUT -p tcp ! --sport 22 -j ACCEPT
-A INPUT -p tcp ! --dport 1:1023 -j ACCEPT
-A INPUT -p tcp ! --sport 1024: ! --dport 80 -j ACCEPT
-A INPUT -p tcp -m tcp ! --dport ssh -j ACCEPT
-L INPUT
C
}

@test "tcp --tcp-flags lists with ALL and NONE" {
	diff_cmds <<'C'
-A INPUT -p tcp --tcp-flags ALL NONE -j DROP
-A INPUT -p tcp --tcp-flags ALL ALL -j DROP
-A INPUT -p tcp --tcp-flags ALL FIN,URG,PSH -j DROP
-A INPUT -p tcp --tcp-flags SYN,RST SYN,RST -j DROP
-A INPUT -p tcp --tcp-flags FIN,SYN FIN,SYN -j DROP
-A INPUT -p tcp --tcp-flags SYN,ACK,FIN,RST SYN -j ACCEPT
-A INPUT -p tcp --tcp-flags ACK ACK -j ACCEPT
-A INPUT -p tcp --tcp-flags NONE NONE -j ACCEPT
-L INPUT
-L INPUT -n
C
}

@test "tcp --tcp-flags with '!' and lowercase flag names" {
	diff_cmds <<'C'
-A INPUT -p tcp ! --tcp-flags SYN,ACK SYN -j ACCEPT
-A INPUT -p tcp --tcp-flags syn,ack syn -j ACCEPT
-A INPUT -p tcp --tcp-flags URG,PSH URG -j ACCEPT
C
}

@test "tcp --tcp-flags errors" {
	diff_cmds <<'C'
-A INPUT -p tcp --tcp-flags FOO SYN -j ACCEPT
-A INPUT -p tcp --tcp-flags SYN -j ACCEPT
-A INPUT -p tcp --tcp-flags -j ACCEPT
-A INPUT -p tcp --tcp-flags SYN,,ACK SYN -j ACCEPT
-A INPUT -p tcp --tcp-flags SYN BAR -j ACCEPT
-A INPUT -p tcp --tcp-flags SYN SYN --syn -j ACCEPT
C
}

@test "tcp --syn and ! --syn" {
	diff_cmds <<'C'
-A INPUT -p tcp --syn -j ACCEPT
-A INPUT -p tcp ! --syn -j ACCEPT
-A INPUT -p tcp --syn --dport 22 -j ACCEPT
-C INPUT -p tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-L INPUT
C
}

@test "tcp --tcp-option" {
	diff_cmds <<'C'
-A INPUT -p tcp --tcp-option 3 -j ACCEPT
-A INPUT -p tcp ! --tcp-option 8 -j ACCEPT
-A INPUT -p tcp --tcp-option 0 -j ACCEPT
-A INPUT -p tcp --tcp-option 255 -j ACCEPT
-A INPUT -p tcp --tcp-option 256 -j ACCEPT
-A INPUT -p tcp --tcp-option foo -j ACCEPT
-A INPUT -p tcp --tcp-option -j ACCEPT
C
}

@test "tcp all options together, explicit -m tcp" {
	diff_cmds <<'C'
-A INPUT -p tcp -m tcp --sport 1024:65535 --dport 443 --tcp-flags SYN,ACK SYN --tcp-option 2 -j ACCEPT
-A INPUT -p tcp -m tcp ! --sport 0:1023 ! --dport 22 ! --tcp-flags ALL NONE ! --tcp-option 4 -j DROP
-L INPUT -v -n
C
}

@test "-m tcp without -p tcp is refused" {
	diff_cmds <<'C'
-A INPUT -m tcp --dport 22 -j ACCEPT
-A INPUT -m tcp -j ACCEPT
-A INPUT --dport 22 -j ACCEPT
-A INPUT --syn -j ACCEPT
C
}

@test "-p udp -m tcp and -p tcp -m udp are refused" {
	diff_cmds <<'C'
-A INPUT -p udp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m udp --dport 53 -j ACCEPT
-A INPUT -p udp --syn -j ACCEPT
-A INPUT -p udp --tcp-flags ALL NONE -j ACCEPT
C
}

@test "-p tcp -m tcp with no options and -m tcp twice" {
	diff_cmds <<'C'
-A INPUT -p tcp -m tcp -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -m tcp --sport 80 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -m tcp --dport 80 -j ACCEPT
C
}

@test "! -p tcp with tcp options" {
	# -N first: the table then exists in every implementation, so this
	# case is about the two commands only (the save output of a namespace
	# in which every command failed is the next case's subject).
	diff_cmds <<'C'
-N keep
-A INPUT ! -p tcp --dport 22 -j ACCEPT
-A INPUT ! -p tcp -m tcp --dport 22 -j ACCEPT
C
}

@test "save of a fresh namespace after commands that only iptables-legacy refuses" {
	# iptables-nft accepts these rules; iptables-legacy refuses them and
	# then saves an empty filter table (any legacy command loads it).
	# Refusing them and then saving nothing matches neither backend.
	diff_cmds <<'C'
-A INPUT ! -p tcp --dport 22 -j ACCEPT
-A INPUT -m tcp --dport 22 -j ACCEPT
C
}

@test "udp --sport/--dport single and ranges" {
	diff_cmds <<'C'
-A INPUT -p udp --sport 53 -j ACCEPT
-A INPUT -p udp --dport 1:1023 -j ACCEPT
-A INPUT -p udp --dport :1023 -j ACCEPT
-A INPUT -p udp --sport 1024: -j ACCEPT
-A INPUT -p udp --dport 2000:1000 -j ACCEPT
-A INPUT -p udp -m udp --sport 67 --dport 68 -j ACCEPT
-L INPUT
C
}

@test "udp service names and long forms" {
	diff_cmds <<'C'
-A INPUT -p udp --dport domain -j ACCEPT
-A INPUT -p udp --sport ntp -j ACCEPT
-A INPUT -p udp --source-port bootps --destination-port bootpc -j ACCEPT
-A INPUT -p udp --dport ssh -j ACCEPT
-L INPUT
C
}

@test "udp ports with '!'" {
	diff_cmds <<'C'
-A INPUT -p udp ! --sport 53 -j ACCEPT
-A INPUT -p udp ! --dport 1024:65535 -j ACCEPT
-A INPUT -p udp -m udp ! --sport 1 ! --dport 2 -j ACCEPT
C
}

@test "udp bad ports" {
	diff_cmds <<'C'
-A INPUT -p udp --dport 65536 -j ACCEPT
-A INPUT -p udp --sport -1 -j ACCEPT
-A INPUT -p udp --dport nosuchservice -j ACCEPT
-A INPUT -p udp --dport 1: --dport 2 -j ACCEPT
C
}

@test "-m udp without -p udp, and udp with tcp-only options" {
	diff_cmds <<'C'
-A INPUT -m udp --dport 53 -j ACCEPT
-A INPUT -p udp -m udp --tcp-option 2 -j ACCEPT
-A INPUT -p udp -m udp -j ACCEPT
-A INPUT -p all -m udp --dport 53 -j ACCEPT
C
}

@test "-C and -D of port rules written differently" {
	diff_cmds <<'C'
-A INPUT -p tcp --dport 1024: -j ACCEPT
-C INPUT -p tcp -m tcp --dport 1024:65535 -j ACCEPT
-A INPUT -p udp --sport domain -j ACCEPT
-D INPUT -p udp -m udp --sport 53 -j ACCEPT
-D INPUT -p tcp --destination-port 1024:65535 -j ACCEPT
C
}
