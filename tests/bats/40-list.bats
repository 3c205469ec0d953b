#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Listing: -L with every combination of -v -n -x --line-numbers, -L CHAIN,
# -L CHAIN N, -S CHAIN, -S CHAIN N, -v -S, after building a realistic
# ruleset that uses every supported match and target, large counters (set
# with -c, so that -x versus the K/M/G/T formatting shows), service and
# protocol names, reverse name lookups of addresses (/etc/hosts and
# /etc/networks entries) and "anywhere".

load helpers/diff

RULESET=(
	"-P INPUT DROP -c 123456789 987654321098"
	"-P FORWARD DROP -c 5 300"
	"-P OUTPUT ACCEPT -c 99999 100000"
	"-N in-ssh"
	"-N LOGDROP"
	"-N docker-user"
	"-N unused"
	"-A INPUT -i lo -j ACCEPT -c 1000 100000"
	"-A INPUT -s 127.0.0.1 -d 127.0.0.1 -j ACCEPT -c 9999 99999"
	"-A INPUT -s 169.254.0.0/16 -j DROP -c 100000 1000000"
	"-A INPUT -s 198.18.0.0/15 -d 198.19.255.0/255.255.255.0 -j RETURN -c 1234567 98765432109"
	"-A INPUT -s 198.18.1.0/255.0.255.0 -j DROP -c 12345678901 12345678901234"
	"-A INPUT ! -s 10.0.0.0/8 ! -d 192.168.0.0/16 -p udp -j ACCEPT -c 18446744073709551615 18446744073709551615"
	"-A INPUT -p tcp --dport ssh -j in-ssh -c 42 4242"
	"-A INPUT -p tcp -m multiport --dports http,https,8080:8090 -m comment --comment 'web traffic' -j ACCEPT"
	"-A INPUT -p udp --sport domain --dport 1024:65535 -j ACCEPT"
	"-A INPUT -p udp -m multiport ! --sports 53,123 -j DROP"
	"-A INPUT -p tcp -m multiport --ports 25,110,143 -j ACCEPT"
	"-A INPUT -p icmp --icmp-type echo-request -j ACCEPT -c 7 588"
	"-A INPUT -p icmp --icmp-type 3/4 -j ACCEPT"
	"-A INPUT -p icmp ! --icmp-type any -j DROP"
	"-A INPUT -p icmp --icmp-type 11 -j ACCEPT"
	"-A INPUT -p tcp --tcp-flags ALL NONE -j LOGDROP"
	"-A INPUT -p tcp --tcp-flags SYN,FIN SYN,FIN -j LOGDROP"
	"-A INPUT -p tcp ! --syn --sport 1:1023 -j DROP"
	"-A INPUT -p tcp --syn --tcp-option 2 -j ACCEPT"
	"-A INPUT -p tcp ! --tcp-option 8 --sport :1023 --dport 1024: -j ACCEPT"
	"-A INPUT -p gre -j ACCEPT"
	"-A INPUT -p 50 -j ACCEPT"
	"-A INPUT ! -p sctp -f -j DROP"
	"-A INPUT -p all ! -f -i eth+ -j ACCEPT"
	"-A INPUT -i veth0123456789a -j REJECT --reject-with icmp-host-prohibited"
	"-A INPUT -p tcp -j REJECT --reject-with tcp-reset"
	"-A INPUT -j REJECT"
	"-A INPUT -j LOG --log-prefix 'INPUT drop: ' --log-level debug --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid"
	"-A INPUT -m comment --comment 'no target, just counting'"
	"-A FORWARD -j docker-user -c 3 180"
	"-A FORWARD -i docker0 ! -o docker0 -j ACCEPT"
	"-A FORWARD -o docker0 -g in-ssh"
	"-A FORWARD ! -i eth0 -o br+ -p tcp --sport 80 -j ACCEPT"
	"-A OUTPUT -o lo -j ACCEPT"
	"-A OUTPUT -d 198.18.0.1 -p udp --dport ntp -j ACCEPT"
	"-A OUTPUT -p icmp --icmp-type echo-reply -j ACCEPT"
	"-A OUTPUT -j LOG --log-level 7"
	"-A in-ssh -s 198.18.0.10 -j ACCEPT -c 40 4000"
	"-A in-ssh -s 198.18.0.0/24 -p tcp --dport 22 -m comment --comment 'admin net' -j ACCEPT -c 2 120"
	"-A in-ssh -j RETURN"
	"-A LOGDROP -j LOG --log-prefix 'bad flags: ' --log-level 4 -c 1 40"
	"-A LOGDROP -j DROP -c 1 40"
	"-A docker-user -j RETURN -c 3 180"
)

@test "-L (no flags)" {
	diff_cmds "${RULESET[@]}" "-L "
}

@test "-L -v" {
	diff_cmds "${RULESET[@]}" "-L -v"
}

@test "-L -n" {
	diff_cmds "${RULESET[@]}" "-L -n"
}

@test "-L -x" {
	diff_cmds "${RULESET[@]}" "-L -x"
}

@test "-L --line-numbers" {
	diff_cmds "${RULESET[@]}" "-L --line-numbers"
}

@test "-L -v -n" {
	diff_cmds "${RULESET[@]}" "-L -v -n"
}

@test "-L -v -x" {
	diff_cmds "${RULESET[@]}" "-L -v -x"
}

@test "-L -v --line-numbers" {
	diff_cmds "${RULESET[@]}" "-L -v --line-numbers"
}

@test "-L -n -x" {
	diff_cmds "${RULESET[@]}" "-L -n -x"
}

@test "-L -n --line-numbers" {
	diff_cmds "${RULESET[@]}" "-L -n --line-numbers"
}

@test "-L -x --line-numbers" {
	diff_cmds "${RULESET[@]}" "-L -x --line-numbers"
}

@test "-L -v -n -x" {
	diff_cmds "${RULESET[@]}" "-L -v -n -x"
}

@test "-L -v -n --line-numbers" {
	diff_cmds "${RULESET[@]}" "-L -v -n --line-numbers"
}

@test "-L -v -x --line-numbers" {
	diff_cmds "${RULESET[@]}" "-L -v -x --line-numbers"
}

@test "-L -n -x --line-numbers" {
	diff_cmds "${RULESET[@]}" "-L -n -x --line-numbers"
}

@test "-L -v -n -x --line-numbers" {
	diff_cmds "${RULESET[@]}" "-L -v -n -x --line-numbers"
}

@test "-L of each builtin and user chain" {
	diff_cmds "${RULESET[@]}" "-L INPUT" "-L FORWARD -n" "-L OUTPUT -v" \
		"-L in-ssh" "-L LOGDROP -v -x" "-L docker-user -n" "-L unused"
}

@test "-L of a nonexistent chain" {
	diff_cmds "${RULESET[@]}" "-L nosuch" "-L input" "-L nosuch -n -v"
}

@test "-L CHAIN N lists one rule" {
	diff_cmds "${RULESET[@]}" "-L INPUT 1" "-L INPUT 3 -n" "-L INPUT 5 -v" \
		"-L INPUT 8 -v -n -x" "-L in-ssh 2 --line-numbers" "-L OUTPUT 4 -n -v"
}

@test "-L CHAIN N with out of range and bad numbers" {
	diff_cmds "${RULESET[@]}" "-L INPUT 0" "-L INPUT 999" "-L INPUT -1" \
		"-L INPUT x" "-L unused 1" "-L nosuch 1"
}

@test "-S of each chain" {
	diff_cmds "${RULESET[@]}" "-S INPUT" "-S FORWARD" "-S OUTPUT" "-S in-ssh" \
		"-S LOGDROP" "-S unused" "--list-rules docker-user"
}

@test "-S CHAIN N prints one rule" {
	diff_cmds "${RULESET[@]}" "-S INPUT 1" "-S INPUT 4" "-S INPUT 12" \
		"-S in-ssh 2" "-S FORWARD 3" "-S OUTPUT 2"
}

@test "-S CHAIN N out of range, bad numbers, nonexistent chain" {
	diff_cmds "${RULESET[@]}" "-S INPUT 0" "-S INPUT 999" "-S INPUT abc" \
		"-S unused 1" "-S nosuch" "-S nosuch 1"
}

@test "-v -S prints counters" {
	diff_cmds "${RULESET[@]}" "-v -S" "-S -v INPUT" "-S -v in-ssh 1" "-v -S FORWARD 1"
}

@test "-L with combined short flags and option order" {
	diff_cmds "${RULESET[@]}" "-nvL" "-vnxL INPUT" "-L -nv OUTPUT" \
		"-nL --line-numbers in-ssh" "-xvL LOGDROP"
}

@test "--list long forms" {
	diff_cmds "${RULESET[@]}" "--list INPUT --numeric" "--list --verbose --exact OUTPUT" \
		"--list-rules FORWARD"
}

@test "-L of an empty table shows builtin chains and policies" {
	diff_cmds "-L" "-L -v" "-L -n --line-numbers" "-S" "-v -S"
}

@test "-L of a chain with only policy counters" {
	diff_cmds "-P INPUT DROP -c 1000 1000000" "-P OUTPUT ACCEPT -c 1000000 1000000000" \
		"-P FORWARD ACCEPT -c 1000000000000 1000000000000000" \
		"-L -v" "-L -v -x" "-S -v"
}

@test "counter formatting boundaries with -v and -x" {
	diff_cmds \
		"-A INPUT -s 198.18.0.1 -c 99999 99999" \
		"-A INPUT -s 198.18.0.2 -c 100000 100000" \
		"-A INPUT -s 198.18.0.3 -c 999999 999999" \
		"-A INPUT -s 198.18.0.4 -c 1000000 1000000" \
		"-A INPUT -s 198.18.0.5 -c 9999999 9999999" \
		"-A INPUT -s 198.18.0.6 -c 10000000 10000000" \
		"-A INPUT -s 198.18.0.7 -c 99999999999 99999999999" \
		"-A INPUT -s 198.18.0.8 -c 1000000000000 1000000000000" \
		"-A INPUT -s 198.18.0.9 -c 1000000000000000 1000000000000000" \
		"-A INPUT -s 198.18.0.10 -c 1000000000000000000 1000000000000000000" \
		"-L INPUT -v -n" "-L INPUT -v -n -x" "-L INPUT -v -n --line-numbers"
}

@test "-L of user chains shows reference counts" {
	diff_cmds "${RULESET[@]}" "-N extra" "-A INPUT -j extra" "-A OUTPUT -j extra" \
		"-A FORWARD -g extra" "-L extra" "-L unused -v" "-L in-ssh -v -n"
}

@test "-L -v shows interfaces and negated interfaces" {
	diff_cmds "-A INPUT -i eth0 -j ACCEPT" "-A INPUT ! -i eth+ -j ACCEPT" \
		"-A FORWARD -i a -o b+ -j ACCEPT" "-A FORWARD ! -i veth0123456789a ! -o + -j DROP" \
		"-A OUTPUT -o lo" "-L -v" "-L -v -n"
}

@test "-L non-numeric: service names and protocol names" {
	diff_cmds "-A INPUT -p tcp --dport 22" "-A INPUT -p tcp --sport 80 --dport 443" \
		"-A INPUT -p udp --dport 53" "-A INPUT -p udp --sport 123 --dport 67:68" \
		"-A INPUT -p tcp --dport 1" "-A INPUT -p tcp --dport 65535" \
		"-A INPUT -p tcp --dport 8080" "-A INPUT -p tcp --dport 0:21" \
		"-A INPUT -p tcp -m multiport --sports 21,22,23,65000:65100" \
		"-A INPUT -p udp -m multiport --ports 53,161:162" \
		"-A INPUT -p 132 -m multiport --dports 80,443" \
		"-A INPUT -p esp" "-A INPUT -p ah" "-A INPUT -p 255" "-A INPUT -p icmp" \
		"-L INPUT" "-L INPUT -n"
}

@test "-L non-numeric: host and network names of addresses" {
	diff_cmds "-A INPUT -s 127.0.0.1" "-A INPUT -d 127.0.0.0/8" \
		"-A INPUT -s 169.254.0.0/16" "-A INPUT -s 0.0.0.0/0 -d 0.0.0.0/0" \
		"-A INPUT -s 198.18.0.7" "-A INPUT -d 198.18.0.0/15" \
		"-A INPUT -s 198.18.0.0/255.255.0.255" "-A INPUT ! -s 127.0.0.1 ! -d 169.254.0.0/16" \
		"-L INPUT" "-L INPUT -n" "-L INPUT -v"
}

@test "-L of rules with every target kind" {
	diff_cmds "-N u" "-A INPUT -j ACCEPT" "-A INPUT -j DROP" "-A INPUT -j RETURN" \
		"-A INPUT -j u" "-A INPUT -g u" "-A INPUT -j REJECT" \
		"-A INPUT -j REJECT --reject-with icmp-net-prohibited" \
		"-A INPUT -j LOG" "-A INPUT -j LOG --log-level 0 --log-prefix '  spaced  '" \
		"-A INPUT" "-L INPUT" "-L INPUT -n -v" "-L INPUT --line-numbers"
}
