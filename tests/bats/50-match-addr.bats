#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# -s / -d: addresses, prefixes, masks, host names, comma lists, '!'.

load helpers/diff

@test "-s/-d with prefix lengths /0 /8 /24 /32" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.0/0 -j ACCEPT
-A INPUT -s 10.0.0.0/8 -j ACCEPT
-A INPUT -d 198.18.5.0/24 -j ACCEPT
-A INPUT -d 198.18.5.5/32 -j ACCEPT
-A INPUT -s 198.18.0.1/31 -d 198.18.0.0/15 -j ACCEPT
-A INPUT -s 198.18.77.77/16 -j ACCEPT
C
}

@test "-s/-d without prefix means /32" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -j ACCEPT
-A OUTPUT -d 198.18.0.2 -j ACCEPT
-A FORWARD -s 198.18.0.3 -d 198.18.0.4 -j ACCEPT
C
}

@test "-s/-d with dotted masks, contiguous" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.0/255.255.255.0 -j ACCEPT
-A INPUT -s 198.18.0.0/255.254.0.0 -j ACCEPT
-A INPUT -d 198.18.0.1/255.255.255.255 -j ACCEPT
-A INPUT -d 198.18.0.1/0.0.0.0 -j ACCEPT
-A INPUT -s 198.18.0.0/255.255.255.128 -j ACCEPT
C
}

@test "-s/-d with non-contiguous masks" {
	diff_cmds <<'C'
-A INPUT -s 198.18.1.2/255.0.255.0 -j ACCEPT
-A INPUT -d 198.18.1.2/0.255.0.255 -j ACCEPT
-A INPUT -s 198.18.1.2/255.255.0.255 -j ACCEPT
-C INPUT -s 198.18.1.2/255.0.255.0 -j ACCEPT
-C INPUT -s 198.0.1.0/255.0.255.0 -j ACCEPT
-L INPUT -n
C
}

@test "host bits are cleared by the mask" {
	diff_cmds <<'C'
-A INPUT -s 198.18.1.77/24 -j ACCEPT
-A INPUT -d 198.19.255.255/15 -j ACCEPT
-C INPUT -s 198.18.1.0/24 -j ACCEPT
-D INPUT -s 198.18.1.99/24 -j ACCEPT
C
}

@test "-s 0.0.0.0 and 0.0.0.0/0 forms" {
	diff_cmds <<'C'
-A INPUT -s 0.0.0.0 -j ACCEPT
-A INPUT -s 0.0.0.0/0 -j ACCEPT
-A INPUT -d 0.0.0.0/32 -j ACCEPT
-A INPUT ! -s 0.0.0.0 -j ACCEPT
-A INPUT ! -s 0.0.0.0/0 -j ACCEPT
-A INPUT -s 0/0 -j ACCEPT
C
}

@test "-s/-d with '!'" {
	diff_cmds <<'C'
-A INPUT ! -s 198.18.0.1 -j ACCEPT
-A INPUT ! -d 198.18.0.0/16 -j ACCEPT
-A INPUT ! -s 198.18.0.0/24 ! -d 198.18.1.0/24 -j ACCEPT
-A INPUT -s 198.18.0.0/24 ! -d 198.18.1.0/24 -j ACCEPT
--append INPUT ! --source 198.18.2.0/24 ! --destination 198.18.3.3 -j DROP
--append INPUT ! --src 198.18.4.0/24 ! --dst 198.18.4.4 -j DROP
C
}

@test "bad prefix lengths: /33, /-1, /abc, empty" {
	diff_cmds <<'C'
-A INPUT -s 1.2.3.4/33 -j ACCEPT
-A INPUT -s 1.2.3.4/-1 -j ACCEPT
-A INPUT -d 1.2.3.4/abc -j ACCEPT
-A INPUT -d 1.2.3.4/ -j ACCEPT
-A INPUT -s /24 -j ACCEPT
C
}

@test "bad dotted masks" {
	diff_cmds <<'C'
-A INPUT -s 1.2.3.4/255.255.255.256 -j ACCEPT
-A INPUT -s 1.2.3.4/255.255.255 -j ACCEPT
-A INPUT -s 1.2.3.4/255.255.255.0.0 -j ACCEPT
C
}

@test "malformed addresses" {
	diff_cmds <<'C'
-A INPUT -s 1.2.3.256 -j ACCEPT
-A INPUT -s 1.2.3.4.5 -j ACCEPT
-A INPUT -s 1..2.3 -j ACCEPT
-A INPUT -d ::1 -j ACCEPT
-A INPUT -d '' -j ACCEPT
C
}

@test "short and numeric address forms accepted by inet_aton" {
	diff_cmds <<'C'
-A INPUT -s 10.1 -j ACCEPT
-A INPUT -s 10.1.2 -j ACCEPT
-A INPUT -s 127.1 -j ACCEPT
C
}

@test "host names: unresolvable name fails" {
	diff_cmds <<'C'
-A INPUT -s nosuch.invalid -j ACCEPT
-A INPUT -d nosuch.invalid -j ACCEPT
-A INPUT -s nosuch.invalid/24 -j ACCEPT
-A INPUT -s 198.18.0.1,nosuch.invalid -j ACCEPT
C
}

@test "host names: localhost resolves through /etc/hosts" {
	diff_cmds <<'C'
-A INPUT -s localhost -j ACCEPT
-A INPUT -d localhost/8 -j ACCEPT
-C INPUT -s 127.0.0.1 -j ACCEPT
C
}

@test "comma lists: -s a,b -d c,d make four rules" {
	diff_cmds <<'C'
-A INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT
-L INPUT -n --line-numbers
C
}

@test "comma lists with prefixes, masks and '!'" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.0/24,198.18.1.0/255.255.255.0 -j ACCEPT
-A INPUT ! -s 198.18.2.1,198.18.2.2 -j DROP
-A INPUT -d 198.18.3.1,198.18.3.1 -j ACCEPT
C
}

@test "comma lists: -I inserts all at the position, in order" {
	diff_cmds <<'C'
-A INPUT -j DROP
-I INPUT 1 -s 198.18.0.1,198.18.0.2,198.18.0.3 -j ACCEPT
-L INPUT -n --line-numbers
C
}

@test "comma lists: -R with a list is refused" {
	diff_cmds <<'C'
-A INPUT -j DROP
-R INPUT 1 -s 198.18.0.1,198.18.0.2 -j ACCEPT
-R INPUT 1 -d 198.18.0.1,198.18.0.2 -j ACCEPT
C
}

@test "comma lists: -D and -C of all four combinations" {
	diff_cmds <<'C'
-A INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT
-C INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT
-D INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT
-C INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT
-D INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT
C
}

@test "comma lists: partial -D when one of the rules is missing" {
	diff_cmds <<'C'
-A INPUT -s 1.1.1.1 -j ACCEPT
-A INPUT -s 3.3.3.3 -j ACCEPT
-D INPUT -s 1.1.1.1,2.2.2.2,3.3.3.3 -j ACCEPT
C
}

@test "comma lists: malformed lists" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1, -j ACCEPT
-A INPUT -s ,198.18.0.1 -j ACCEPT
-A INPUT -s 198.18.0.1,,198.18.0.2 -j ACCEPT
-A INPUT -s 198.18.0.1,198.18.0.300 -j ACCEPT
C
}

@test "addresses on every builtin and a user chain" {
	diff_cmds <<'C'
-N u
-A u -s 198.18.0.1 -d 198.18.0.2 -j RETURN
-A INPUT -d 198.18.0.2 -j u
-A OUTPUT -s 198.18.0.2 -j u
-A FORWARD -s 198.18.0.0/15 -d 198.18.0.0/15 -j u
-L -n -v
C
}
