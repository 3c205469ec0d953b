#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# -p (names and numbers), -i / -o (with '+', length limits, chain
# restrictions) and -f, each with and without '!'.

load helpers/diff

@test "-p by name: tcp udp icmp all" {
	diff_cmds <<'C'
-A INPUT -p tcp -j ACCEPT
-A INPUT -p udp -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A INPUT -p all -j ACCEPT
-L INPUT
-L INPUT -n
C
}

@test "-p by name: sctp esp ah gre udplite dccp" {
	diff_cmds <<'C'
-A INPUT -p sctp -j ACCEPT
-A INPUT -p esp -j ACCEPT
-A INPUT -p ah -j ACCEPT
-A INPUT -p gre -j ACCEPT
-A INPUT -p udplite -j ACCEPT
-A INPUT -p dccp -j ACCEPT
-L INPUT
C
}

@test "-p names are case-insensitive" {
	diff_cmds <<'C'
-A INPUT -p TCP -j ACCEPT
-A INPUT -p Udp -j ACCEPT
-A INPUT -p ICMP -j ACCEPT
-A INPUT -p ALL -j ACCEPT
C
}

@test "-p by number: 0 6 17 1 47 255" {
	diff_cmds <<'C'
-A INPUT -p 0 -j ACCEPT
-A INPUT -p 6 -j ACCEPT
-A INPUT -p 17 -j ACCEPT
-A INPUT -p 1 -j ACCEPT
-A INPUT -p 47 -j ACCEPT
-A INPUT -p 255 -j ACCEPT
-L INPUT
C
}

@test "-p by number without a name: 143 200 254" {
	diff_cmds <<'C'
-A INPUT -p 143 -j ACCEPT
-A INPUT -p 200 -j ACCEPT
-A INPUT -p 254 -j ACCEPT
-L INPUT
-L INPUT -n
C
}

@test "-p bad values: 256 -1 unknown name empty" {
	diff_cmds <<'C'
-A INPUT -p 256 -j ACCEPT
-A INPUT -p -1 -j ACCEPT
-A INPUT -p nosuchproto -j ACCEPT
-A INPUT -p '' -j ACCEPT
-A INPUT -p 6x -j ACCEPT
C
}

@test "-p with '!'" {
	diff_cmds <<'C'
-A INPUT ! -p tcp -j ACCEPT
-A INPUT ! -p udp -j ACCEPT
-A INPUT ! -p 0 -j ACCEPT
-A INPUT ! -p all -j ACCEPT
-A INPUT ! -p 47 -j ACCEPT
-L INPUT
C
}

@test "-p long forms --protocol and -C/-D by number vs name" {
	diff_cmds <<'C'
-A INPUT --protocol tcp -j ACCEPT
-C INPUT -p 6 -j ACCEPT
-D INPUT -p 6 -j ACCEPT
-A INPUT -p 17 -j ACCEPT
-C INPUT -p udp -j ACCEPT
C
}

@test "-i and -o with plain names" {
	diff_cmds <<'C'
-A INPUT -i eth0 -j ACCEPT
-A OUTPUT -o eth0 -j ACCEPT
-A FORWARD -i eth0 -o eth1 -j ACCEPT
-A INPUT --in-interface lo -j ACCEPT
-A OUTPUT --out-interface lo -j ACCEPT
C
}

@test "-i and -o with '+' wildcards" {
	diff_cmds <<'C'
-A INPUT -i eth+ -j ACCEPT
-A INPUT -i + -j ACCEPT
-A FORWARD -i veth+ -o br-+ -j ACCEPT
-A OUTPUT -o eth0+ -j ACCEPT
-L -v
-L -v -n
C
}

@test "-i and -o with '!'" {
	diff_cmds <<'C'
-A INPUT ! -i eth0 -j ACCEPT
-A INPUT ! -i eth+ -j ACCEPT
-A FORWARD ! -i docker0 ! -o docker0 -j ACCEPT
-A OUTPUT ! -o + -j ACCEPT
-L -v
C
}

@test "-i/-o name length: 15 chars ok, 16 refused" {
	diff_cmds <<'C'
-A INPUT -i abcdefghijklmno -j ACCEPT
-A INPUT -i abcdefghijklmnop -j ACCEPT
-A OUTPUT -o abcdefghijklmno -j ACCEPT
-A OUTPUT -o abcdefghijklmnop -j ACCEPT
-A INPUT -i abcdefghijklmn+ -j ACCEPT
-A INPUT -i abcdefghijklmno+ -j ACCEPT
C
}

@test "-o in INPUT and -i in OUTPUT are refused" {
	diff_cmds <<'C'
-A INPUT -o eth0 -j ACCEPT
-A OUTPUT -i eth0 -j ACCEPT
-I INPUT -o eth0 -j ACCEPT
-A INPUT ! -o eth0 -j ACCEPT
-A OUTPUT ! -i lo -j ACCEPT
C
}

@test "-i/-o in a user chain are accepted, jump from INPUT is still allowed" {
	diff_cmds <<'C'
-N u
-A u -o eth0 -j ACCEPT
-A u -i eth0 -j ACCEPT
-A INPUT -j u
-A OUTPUT -j u
C
}

@test "-i/-o with odd characters and empty names" {
	diff_cmds <<'C'
-A INPUT -i eth0.100 -j ACCEPT
-A INPUT -i 'eth 0' -j ACCEPT
-A INPUT -i eth/0 -j ACCEPT
-A INPUT -i eth:0 -j ACCEPT
-A INPUT -i '' -j ACCEPT
-A INPUT -i eth0+x -j ACCEPT
C
}

@test "-f and ! -f" {
	diff_cmds <<'C'
-A INPUT -f -j DROP
-A INPUT ! -f -j ACCEPT
-A INPUT --fragment -p udp -j DROP
-A INPUT ! --fragment -s 198.18.0.1 -j ACCEPT
-C INPUT -f -j DROP
-L INPUT -v -n
C
}

@test "-f combined with tcp/udp port matches" {
	diff_cmds <<'C'
-A INPUT -f -p tcp --dport 22 -j ACCEPT
-A INPUT -f -p udp --sport 53 -j ACCEPT
-A INPUT ! -f -p tcp --dport 80 -j ACCEPT
C
}

@test "everything at once in one rule" {
	diff_cmds <<'C'
-A FORWARD ! -s 198.18.0.0/24 -d 198.18.1.0/255.255.255.0 ! -p udp -i eth+ ! -o veth1 -f -j ACCEPT
-A FORWARD -s 198.18.0.1 ! -d 198.18.1.1 -p tcp ! -i eth0 -o veth+ ! -f -m tcp --sport 1024: ! --dport 22 -j DROP
-L FORWARD -v -n
-L FORWARD -v
C
}
