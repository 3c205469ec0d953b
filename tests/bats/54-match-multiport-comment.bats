#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# multiport (--sports --dports --ports, ranges, 15/16 entries, '!',
# protocols) and comment (lengths, quoting, several per rule), plus -m of
# an unknown extension.

load helpers/diff

P15=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
P16=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
R8=1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16

@test "multiport --sports --dports --ports lists" {
	diff_cmds <<'C'
-A INPUT -p tcp -m multiport --sports 22,80,443 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT
-A INPUT -p tcp -m multiport --ports 22,80,443 -j ACCEPT
-A INPUT -p udp -m multiport --dports 53 -j ACCEPT
-L INPUT
-L INPUT -n
C
}

@test "multiport long forms --source-ports --destination-ports" {
	diff_cmds <<'C'
-A INPUT -p tcp -m multiport --source-ports 1,2 -j ACCEPT
-A INPUT -p tcp -m multiport --destination-ports 3,4 -j ACCEPT
C
}

@test "multiport with ranges and service names" {
	diff_cmds <<'C'
-A INPUT -p tcp -m multiport --dports 1:1023,8080:8090 -j ACCEPT
-A INPUT -p tcp -m multiport --sports ssh,http,https -j ACCEPT
-A INPUT -p udp -m multiport --ports domain,ntp:snmp -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1024:,:22 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 2000:1000 -j ACCEPT
-L INPUT
C
}

@test "multiport 15 ports ok, 16 refused" {
	diff_cmds <<C
-A INPUT -p tcp -m multiport --dports $P15 -j ACCEPT
-A INPUT -p tcp -m multiport --dports $P16 -j ACCEPT
-A INPUT -p udp -m multiport --sports $P15 -j ACCEPT
-A INPUT -p udp -m multiport --ports $P16 -j ACCEPT
C
}

@test "multiport ranges count double toward the limit of 15" {
	diff_cmds <<C
-A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15 -j ACCEPT
-A INPUT -p tcp -m multiport --dports $R8 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15,16 -j ACCEPT
C
}

@test "multiport with '!'" {
	diff_cmds <<'C'
-A INPUT -p tcp -m multiport ! --dports 22,80 -j ACCEPT
-A INPUT -p tcp -m multiport ! --sports 1:1023 -j ACCEPT
-A INPUT -p udp -m multiport ! --ports 53,123 -j ACCEPT
-L INPUT
-L INPUT -n -v
C
}

@test "multiport without -p is refused, with -p all too" {
	diff_cmds <<'C'
-A INPUT -m multiport --dports 22,80 -j ACCEPT
-A INPUT -p all -m multiport --dports 22,80 -j ACCEPT
-A INPUT -p icmp -m multiport --dports 22,80 -j ACCEPT
-A INPUT ! -p tcp -m multiport --dports 22,80 -j ACCEPT
C
}

@test "multiport with -p sctp, dccp, udplite" {
	diff_cmds <<'C'
-A INPUT -p sctp -m multiport --dports 22,80 -j ACCEPT
-A INPUT -p dccp -m multiport --sports 1:1023 -j ACCEPT
-A INPUT -p udplite -m multiport --ports 53 -j ACCEPT
-A INPUT -p 132 -m multiport --dports 9 -j ACCEPT
-L INPUT
C
}

@test "multiport bad values" {
	diff_cmds <<'C'
-A INPUT -p tcp -m multiport --dports 65536 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1,,2 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1, -j ACCEPT
-A INPUT -p tcp -m multiport --dports nosuchservice -j ACCEPT
-A INPUT -p tcp -m multiport --dports -1 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1:2:3 -j ACCEPT
-A INPUT -p tcp -m multiport --dports '' -j ACCEPT
C
}

@test "multiport option missing, or two of them" {
	diff_cmds <<'C'
-A INPUT -p tcp -m multiport -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1 --sports 2 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1 --ports 2 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1 -m multiport --sports 2 -j ACCEPT
-A INPUT -p tcp --multiport -j ACCEPT
C
}

@test "multiport -C and -D, and together with tcp ports" {
	diff_cmds <<'C'
-A INPUT -p tcp -m multiport --dports ssh,http -j ACCEPT
-C INPUT -p tcp -m multiport --dports 22,80 -j ACCEPT
-C INPUT -p tcp -m multiport --dports 80,22 -j ACCEPT
-A INPUT -p tcp --sport 1024: -m multiport --dports 22,80 -j ACCEPT
-D INPUT -p tcp -m multiport --dports 22,80 -j ACCEPT
C
}

@test "comment: short, with spaces and with quotes" {
	diff_cmds <<'C'
-A INPUT -m comment --comment x -j ACCEPT
-A INPUT -m comment --comment "allow ssh from admins" -j ACCEPT
-A INPUT -m comment --comment 'say "hi"' -j ACCEPT
-A INPUT -m comment --comment "it's" -j ACCEPT
-A INPUT -m comment --comment "back\\slash" -j ACCEPT
-A INPUT -m comment --comment "  leading and trailing  " -j ACCEPT
-L INPUT
-L INPUT -v -n
C
}

@test "comment: 255 characters ok, 256 refused" {
	c255=$(printf 'c%.0s' {1..255})
	c256=$(printf 'c%.0s' {1..256})
	diff_cmds "-A INPUT -m comment --comment $c255 -j ACCEPT" \
		"-A INPUT -m comment --comment $c256 -j ACCEPT" \
		"-L INPUT -n"
}

@test "comment: 255 characters with spaces" {
	c=$(printf 'ab %.0s' {1..85})
	diff_cmds "-A INPUT -m comment --comment '$c' -j ACCEPT" "-L INPUT -n"
}

@test "comment: several comments in one rule" {
	diff_cmds <<'C'
-A INPUT -m comment --comment one -m comment --comment two -j ACCEPT
-A INPUT -m comment --comment one --comment two -j ACCEPT
-A INPUT -p tcp -m comment --comment first -m tcp --dport 22 -m comment --comment second -j ACCEPT
-L INPUT
C
}

@test "comment: empty, missing and without -m comment" {
	diff_cmds <<'C'
-A INPUT -m comment --comment '' -j ACCEPT
-A INPUT -m comment -j ACCEPT
-A INPUT -m comment --comment
-A INPUT --comment foo -j ACCEPT
C
}

@test "comment: -C and -D must match the comment text" {
	diff_cmds <<'C'
-A INPUT -s 198.18.0.1 -m comment --comment "rule one" -j ACCEPT
-C INPUT -s 198.18.0.1 -m comment --comment "rule one" -j ACCEPT
-C INPUT -s 198.18.0.1 -m comment --comment "rule two" -j ACCEPT
-C INPUT -s 198.18.0.1 -j ACCEPT
-D INPUT -s 198.18.0.1 -m comment --comment "rule two" -j ACCEPT
-D INPUT -s 198.18.0.1 -m comment --comment "rule one" -j ACCEPT
C
}

@test "comment: non-ASCII and shell-special characters" {
	diff_cmds <<'C'
-A INPUT -m comment --comment "café ünïcode" -j ACCEPT
-A INPUT -m comment --comment '$HOME `x` ; | &' -j ACCEPT
-A INPUT -m comment --comment "tab	inside" -j ACCEPT
C
}

@test "-m of an unknown extension" {
	diff_cmds <<'C'
-A INPUT -m nosuchmatch -j ACCEPT
-A INPUT -m nosuchmatch --foo 1 -j ACCEPT
-A INPUT -m '' -j ACCEPT
-A INPUT -j ACCEPT -m
C
}

@test "options of a match used without loading it" {
	diff_cmds <<'C'
-A INPUT --dports 22 -j ACCEPT
-A INPUT -p tcp --dports 22 -j ACCEPT
-A INPUT --icmp-type 8 -p icmp -j ACCEPT
-A INPUT --log-prefix x -j ACCEPT
-A INPUT --reject-with tcp-reset -j ACCEPT
C
}
