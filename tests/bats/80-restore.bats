#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# iptables-restore grammar and flags, compared with iptables-restore:
# tables, chain lines, counters, COMMIT, comments, blank lines, quoting,
# --noflush --test --counters --verbose, errors reported with their line,
# and "a failing restore applies nothing".

load helpers/diff

@test "restore: minimal filter table" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
R
	diff_restore "$INPUT"
}

@test "restore: policies, user chains and rules" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:ssh-in - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ssh-in
-A ssh-in -s 198.18.0.0/24 -j ACCEPT
-A ssh-in -j DROP
COMMIT
R
	diff_restore "$INPUT"
}

@test "restore: file given as an argument instead of stdin" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.1/32 -j DROP
COMMIT
R
	diff_cmds "@restore /dev/null $INPUT" "@restore /dev/null --noflush $INPUT"
}

@test "restore: empty input" {
	diff_cmds "@restore /dev/null" "-A INPUT -j ACCEPT" "@restore /dev/null" \
		"@restore /dev/null --noflush"
}

@test "restore: comment lines and blank lines anywhere" {
	mkinput <<'R'
# a comment before the table

# another one
*filter
# inside the table
:INPUT ACCEPT [0:0]

:FORWARD ACCEPT [0:0]
	# indented comment
:OUTPUT ACCEPT [0:0]

-A INPUT -s 198.18.0.1/32 -j ACCEPT
# between rules

-A INPUT -s 198.18.0.2/32 -j ACCEPT
COMMIT
# after COMMIT

R
	diff_restore "$INPUT"
}

@test "restore: missing COMMIT" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
R
	diff_cmds "-A OUTPUT -j ACCEPT" "@restore $INPUT" "@restore $INPUT --noflush"
}

@test "restore: COMMIT without a table, rule before the table" {
	mkinput a <<'R'
COMMIT
R
	mkinput b <<'R'
-A INPUT -j ACCEPT
*filter
COMMIT
R
	diff_cmds "@restore $BATS_TEST_TMPDIR/a" "@restore $BATS_TEST_TMPDIR/b"
}

@test "restore: table header twice without COMMIT" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
*filter
COMMIT
R
	diff_restore "$INPUT"
}

@test "restore: two filter tables in one file" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -s 198.18.0.2/32 -j ACCEPT
COMMIT
R
	diff_restore "$INPUT"
}

@test "restore: bad chain lines" {
	mkinput a <<'R'
*filter
:INPUT
COMMIT
R
	mkinput b <<'R'
*filter
:INPUT FOO [0:0]
COMMIT
R
	mkinput c <<'R'
*filter
:
COMMIT
R
	mkinput d <<'R'
*filter
:INPUT ACCEPT [x:y]
COMMIT
R
	mkinput e <<'R'
*filter
:INPUT ACCEPT [1:2
COMMIT
R
	diff_cmds "@restore $BATS_TEST_TMPDIR/a" "@restore $BATS_TEST_TMPDIR/b" \
		"@restore $BATS_TEST_TMPDIR/c" "@restore $BATS_TEST_TMPDIR/d" \
		"@restore $BATS_TEST_TMPDIR/e"
}

@test "restore: chain line without counters and with policy RETURN" {
	mkinput a <<'R'
*filter
:INPUT DROP
:FORWARD ACCEPT
COMMIT
R
	mkinput b <<'R'
*filter
:INPUT RETURN [0:0]
COMMIT
R
	diff_cmds "@restore $BATS_TEST_TMPDIR/a" "@restore $BATS_TEST_TMPDIR/b"
}

@test "restore: user chain with a policy, builtin chain with '-'" {
	mkinput a <<'R'
*filter
:foo DROP [0:0]
COMMIT
R
	mkinput b <<'R'
*filter
:INPUT - [0:0]
COMMIT
R
	diff_cmds "@restore $BATS_TEST_TMPDIR/a" "@restore $BATS_TEST_TMPDIR/b"
}

@test "restore: bad user chain names" {
	mkinput a <<'R'
*filter
:abcdefghijklmnopqrstuvwxyz0123 - [0:0]
COMMIT
R
	mkinput b <<'R'
*filter
:ACCEPT - [0:0]
COMMIT
R
	mkinput c <<'R'
*filter
:-foo - [0:0]
COMMIT
R
	diff_cmds "@restore $BATS_TEST_TMPDIR/a" "@restore $BATS_TEST_TMPDIR/b" \
		"@restore $BATS_TEST_TMPDIR/c"
}

@test "restore: chain declared twice" {
	mkinput <<'R'
*filter
:foo - [0:0]
:foo - [0:0]
-A foo -j ACCEPT
COMMIT
R
	diff_restore "$INPUT"
}

@test "restore: rule for an undeclared chain fails" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -j ACCEPT
-A undeclared -j ACCEPT
COMMIT
R
	diff_cmds "-A OUTPUT -s 198.18.0.9 -j DROP" "@restore $INPUT"
}

@test "restore: jump to an undeclared chain fails" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -j undeclared
COMMIT
R
	diff_restore "$INPUT"
}

@test "restore: counters [p:b] without --counters are ignored" {
	mkinput <<'R'
*filter
:INPUT DROP [10:1000]
:FORWARD ACCEPT [20:2000]
:OUTPUT ACCEPT [30:3000]
[1:2] -A INPUT -s 198.18.0.1/32 -j ACCEPT
[123456789:98765432100] -A INPUT -s 198.18.0.2/32 -j ACCEPT
-A INPUT -s 198.18.0.3/32 -j ACCEPT
COMMIT
R
	diff_cmds "@restore $INPUT" "-L -v -x -n"
}

@test "restore: counters [p:b] with --counters and -c" {
	mkinput <<'R'
*filter
:INPUT DROP [10:1000]
:FORWARD ACCEPT [20:2000]
:OUTPUT ACCEPT [30:3000]
:u - [40:4000]
[1:2] -A INPUT -s 198.18.0.1/32 -j ACCEPT
[123456789:98765432100] -A INPUT -s 198.18.0.2/32 -j ACCEPT
-A INPUT -s 198.18.0.3/32 -j ACCEPT
[7:8] -A u -j RETURN
COMMIT
R
	diff_cmds "@restore $INPUT --counters" "-L -v -x -n" "@restore $INPUT -c" "-L -v -n"
}

@test "restore: malformed rule counters" {
	mkinput a <<'R'
*filter
[a:b] -A INPUT -j ACCEPT
COMMIT
R
	mkinput b <<'R'
*filter
[1:2 -A INPUT -j ACCEPT
COMMIT
R
	mkinput c <<'R'
*filter
[1] -A INPUT -j ACCEPT
COMMIT
R
	mkinput d <<'R'
*filter
[-1:2] -A INPUT -j ACCEPT
COMMIT
R
	diff_cmds "@restore $BATS_TEST_TMPDIR/a --counters" \
		"@restore $BATS_TEST_TMPDIR/b --counters" \
		"@restore $BATS_TEST_TMPDIR/c --counters" \
		"@restore $BATS_TEST_TMPDIR/d --counters"
}

@test "restore: rule counters given with -c inside the line" {
	mkinput <<'R'
*filter
-A INPUT -s 198.18.0.1/32 -c 5 6 -j ACCEPT
-A INPUT -s 198.18.0.2/32 -j ACCEPT -c 7 8
COMMIT
R
	diff_cmds "@restore $INPUT" "@restore $INPUT --counters" "-S -v"
}

@test "restore: flush by default, --noflush keeps existing rules" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.100/32 -j ACCEPT
COMMIT
R
	diff_cmds "-N old" "-A INPUT -s 198.18.0.1 -j DROP" "-A old -j RETURN" \
		"@restore $INPUT --noflush" "-S" "@restore $INPUT" "-S"
}

@test "restore: --noflush with a chain line flushes that chain only" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
:mine - [0:0]
-A mine -s 198.18.0.200/32 -j ACCEPT
COMMIT
R
	diff_cmds "-N mine" "-N other" "-A mine -j DROP" "-A other -j DROP" \
		"-A INPUT -j mine" "-A OUTPUT -j ACCEPT" "@restore $INPUT --noflush" \
		"@restore $INPUT -n"
}

@test "restore: --noflush with -D, -I, -R, -N, -X, -F, -Z, -P lines" {
	mkinput <<'R'
*filter
-D INPUT -s 198.18.0.1/32 -j DROP
-I INPUT 1 -s 198.18.0.3/32 -j ACCEPT
-R INPUT 2 -s 198.18.0.4/32 -j ACCEPT
-N newchain
-A newchain -j RETURN
-X gone
-F flushed
-Z
-P FORWARD DROP
-E renamed renamed2
COMMIT
R
	diff_cmds "-N gone" "-N flushed" "-N renamed" "-A flushed -j ACCEPT" \
		"-A INPUT -s 198.18.0.1 -j DROP" "-A INPUT -s 198.18.0.2 -j DROP -c 5 5" \
		"-A INPUT -s 198.18.0.9 -j DROP" \
		"@restore $INPUT --noflush"
}

@test "restore: --test applies nothing" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
:new - [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
COMMIT
R
	diff_cmds "-A OUTPUT -j ACCEPT" "@restore $INPUT --test" "@restore $INPUT -t" \
		"@restore $INPUT --test --noflush"
}

@test "restore: --test reports errors" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
-A INPUT -p tcp --dport 99999 -j ACCEPT
COMMIT
R
	diff_cmds "@restore $INPUT --test" "@restore $INPUT -t --verbose"
}

@test "restore: --verbose" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
COMMIT
R
	diff_cmds "@restore $INPUT --verbose" "@restore $INPUT -v --noflush" \
		"@restore $INPUT -v --test"
}

@test "restore: quoted arguments with spaces" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -m comment --comment "allow from admin net" -j ACCEPT
-A INPUT -j LOG --log-prefix "in drop: "
-A INPUT -m comment --comment "with \"escaped\" quotes" -j ACCEPT
-A INPUT -m comment --comment single -j ACCEPT
COMMIT
R
	diff_cmds "@restore $INPUT" "-L INPUT -n"
}

@test "restore: single quotes and unterminated double quotes" {
	mkinput a <<'R'
*filter
-A INPUT -m comment --comment 'two words' -j ACCEPT
COMMIT
R
	mkinput b <<'R'
*filter
-A INPUT -m comment --comment "unterminated -j ACCEPT
COMMIT
R
	diff_cmds "@restore $BATS_TEST_TMPDIR/a" "@restore $BATS_TEST_TMPDIR/b"
}

@test "restore: tabs and multiple spaces as separators" {
	printf '*filter\n:INPUT\tACCEPT\t[0:0]\n-A\tINPUT   -s  198.18.0.1/32\t\t-j ACCEPT\nCOMMIT\n' >"$BATS_TEST_TMPDIR/in"
	diff_restore "$BATS_TEST_TMPDIR/in"
}

@test "restore: no newline at end of file" {
	printf '*filter\n-A INPUT -s 198.18.0.1/32 -j ACCEPT\nCOMMIT' >"$BATS_TEST_TMPDIR/in"
	diff_restore "$BATS_TEST_TMPDIR/in"
}

@test "restore: failure at line N reports the line and applies nothing" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
:new - [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
-A INPUT -s 198.18.0.2/32 -j ACCEPT
-A INPUT -s 198.18.0.3/32 -j NOSUCHTARGET
-A INPUT -s 198.18.0.4/32 -j ACCEPT
COMMIT
R
	diff_cmds "-A OUTPUT -s 198.18.0.9 -j ACCEPT" "-N keep" "@restore $INPUT"
}

@test "restore: bad option at line N" {
	mkinput <<'R'
*filter
-A INPUT -s 198.18.0.1/32 -j ACCEPT

-A INPUT --bogus -j ACCEPT
COMMIT
R
	diff_cmds "-A OUTPUT -j ACCEPT" "@restore $INPUT" "@restore $INPUT --noflush"
}

@test "restore: bad argument value at line N" {
	mkinput <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.1/33 -j ACCEPT
COMMIT
R
	diff_cmds "-A OUTPUT -j ACCEPT" "@restore $INPUT"
}

@test "restore: failure in the second table applies nothing of the first" {
	# iptables commits each *filter ... COMMIT block on its own, so it
	# keeps the first block when the second fails. DESIGN.md section 6
	# makes bpf-iptables-restore atomic over the whole input instead ("a
	# restore that fails at any line changes nothing"). So: the messages
	# and exit code are compared with iptables, the resulting state only
	# against the design rule.
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
COMMIT
*filter
-A INPUT -s 198.18.0.2/32 -j NOSUCH
COMMIT
R
	DIFF_FINAL_STEPS=()
	diff_cmds "-A OUTPUT -j ACCEPT" "@restore $INPUT"
	new_ns ns atomic
	prod "$ns" ipt -A OUTPUT -j ACCEPT
	run prod "$ns" restore <"$INPUT"
	assert_failure
	run prod "$ns" ipt -S
	assert_output $'-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A OUTPUT -j ACCEPT'
}

@test "restore: kernel-level error (-D of missing rule) fails the commit" {
	mkinput <<'R'
*filter
-A INPUT -s 198.18.0.1/32 -j ACCEPT
-D INPUT -s 198.18.0.77/32 -j ACCEPT
COMMIT
R
	diff_cmds "-A OUTPUT -j ACCEPT" "@restore $INPUT --noflush"
}

@test "restore: -w inside a rule line is refused" {
	mkinput <<'R'
*filter
-A INPUT -w -j DROP
COMMIT
R
	mkinput b <<'R'
*filter
-A INPUT -W 100 -j DROP
COMMIT
R
	diff_cmds "@restore $INPUT" "@restore $BATS_TEST_TMPDIR/b"
}

@test "restore: -t inside a rule line" {
	mkinput <<'R'
*filter
-t filter -A INPUT -j DROP
COMMIT
R
	mkinput b <<'R'
*filter
-A INPUT -t filter -j DROP
COMMIT
R
	diff_cmds "@restore $INPUT" "@restore $BATS_TEST_TMPDIR/b"
}

@test "restore: commands that are not allowed inside restore" {
	mkinput a <<'R'
*filter
-L
COMMIT
R
	mkinput b <<'R'
*filter
-S
COMMIT
R
	mkinput c <<'R'
*filter
-V
COMMIT
R
	diff_cmds "@restore $BATS_TEST_TMPDIR/a" "@restore $BATS_TEST_TMPDIR/b" \
		"@restore $BATS_TEST_TMPDIR/c"
}

@test "restore: trailing comment after a rule" {
	mkinput <<'R'
*filter
-A INPUT -j ACCEPT # trailing
COMMIT
R
	diff_restore "$INPUT"
}

@test "restore: --table filter and -T filter select the table" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
COMMIT
R
	diff_cmds "@restore $INPUT --table filter" "@restore $INPUT -T filter" \
		"@restore $INPUT --table=filter"
}

@test "restore: --wait option of the restore program itself" {
	mkinput <<'R'
*filter
-A INPUT -s 198.18.0.1/32 -j ACCEPT
COMMIT
R
	diff_cmds "@restore $INPUT -w" "@restore $INPUT --wait 5" "@restore $INPUT -w 1 -W 1"
}

@test "restore: unknown options of the restore program" {
	mkinput <<'R'
*filter
COMMIT
R
	diff_cmds "@restore $INPUT --bogus" "@restore $INPUT -x"
}

@test "restore: CRLF line endings" {
	printf '*filter\r\n:INPUT ACCEPT [0:0]\r\n-A INPUT -s 198.18.0.1/32 -j ACCEPT\r\nCOMMIT\r\n' >"$BATS_TEST_TMPDIR/in"
	diff_restore "$BATS_TEST_TMPDIR/in"
}

@test "restore: long file of many small chains" {
	{
		echo '*filter'
		for i in $(seq 1 60); do echo ":c$i - [0:0]"; done
		for i in $(seq 1 59); do echo "-A c$i -j c$((i + 1))"; done
		echo "-A INPUT -j c1"
		echo "COMMIT"
	} >"$BATS_TEST_TMPDIR/in"
	diff_cmds "@restore $BATS_TEST_TMPDIR/in" "-L c60 -n" "-X c60"
}

@test "restore: then save, both programs agree byte for byte" {
	mkinput <<'R'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 198.18.0.0/15 -d 198.18.1.1 -p tcp -m tcp --sport 1024:65535 --dport 22 -j ACCEPT
-A INPUT -p udp -m multiport --dports 53,123 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -m comment --comment "last rule" -j REJECT --reject-with icmp-host-prohibited
COMMIT
R
	diff_cmds "@restore $INPUT" "@save" "@save -c" "@save -t filter" "@save --counters"
}
