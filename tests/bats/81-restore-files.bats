#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Realistic rulesets from tests/data/restore/: restore into both programs
# and compare, list them, --test and --noflush them, and round-trip them
# through the product (save | restore into a fresh namespace | save must
# be byte-identical apart from the '#' comment lines).

load helpers/diff

@test "desktop.rules: round-trip with counters" {
	roundtrip desktop.rules
}

@test "desktop.rules: restore without --counters, list" {
	diff_cmds "@restore desktop.rules" "-L -n -v" "-L" "-L in-lan -v -x"
}

@test "desktop.rules: --test, then --noflush twice" {
	diff_cmds "@restore desktop.rules --test" "@restore desktop.rules --noflush" \
		"@restore desktop.rules --noflush --counters" "-L INPUT -n -v -x --line-numbers"
}

@test "desktop.rules: edit after restore (-D, -I, -X)" {
	diff_cmds "@restore desktop.rules --counters" "-D INPUT 3" "-I in-lan 2 -p tcp --dport 80 -j ACCEPT" \
		"-X in-lan" "-F in-lan" "-D INPUT -s 192.168.1.0/24 -j in-lan" "-X in-lan" "-Z log-drop"
}

@test "webserver.rules: round-trip" {
	roundtrip webserver.rules
}

@test "webserver.rules: restore and list in every format" {
	diff_cmds "@restore webserver.rules" "-L" "-L -n" "-L -v -n --line-numbers" "-S admin" "-L reject-log 2"
}

@test "webserver.rules: --noflush on top of an existing ruleset" {
	diff_cmds "-N admin" "-A admin -j DROP" "-A INPUT -s 198.18.0.1 -j ACCEPT" "-P OUTPUT DROP" \
		"@restore webserver.rules --noflush"
}

@test "webserver.rules: --test applies nothing, --verbose" {
	diff_cmds "-A INPUT -j ACCEPT" "@restore webserver.rules --test" "@restore webserver.rules --verbose"
}

@test "ufw.rules: round-trip" {
	roundtrip ufw.rules
}

@test "ufw.rules: restore and list" {
	diff_cmds "@restore ufw.rules" "-L -n" "-L ufw-user-input -v" "-L ufw-not-local" "-S ufw-user-input"
}

@test "ufw.rules: chain deletions refused while referenced" {
	diff_cmds "@restore ufw.rules" "-X ufw-user-input" "-X ufw-logging-allow" "-X" \
		"-E ufw-user-input ufw-user-input2" "-L ufw-before-input -n"
}

@test "ufw.rules: add and remove user rules as ufw does" {
	diff_cmds "@restore ufw.rules" \
		"-I ufw-user-input 1 -p tcp --dport 8080 -j ACCEPT" \
		"-D ufw-user-input -p tcp -m tcp --dport 80 -j ACCEPT" \
		"-C ufw-user-input -p tcp -m tcp --dport 443 -j ACCEPT" \
		"-R ufw-user-input 2 -p tcp --dport 2222 -j ACCEPT" \
		"-F ufw-user-input" "-A ufw-user-input -j RETURN"
}

@test "docker.rules: round-trip" {
	roundtrip docker.rules
}

@test "docker.rules: restore and list" {
	diff_cmds "@restore docker.rules" "-L -v -n" "-L DOCKER" "-S DOCKER-USER"
}

@test "docker.rules: container lifecycle edits" {
	diff_cmds "@restore docker.rules" \
		"-A DOCKER -d 172.17.0.5/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 8080 -j ACCEPT" \
		"-D DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT" \
		"-I DOCKER-USER -s 198.18.0.0/15 -j RETURN" \
		"-X DOCKER-ISOLATION-STAGE-2" "-F DOCKER-ISOLATION-STAGE-1" "-X DOCKER-ISOLATION-STAGE-2" \
		"-D DOCKER-USER 3" "-X DOCKER-ISOLATION-STAGE-2"
}

@test "large.rules: round-trip (700 rules)" {
	roundtrip large.rules
}

@test "large.rules: restore and list" {
	diff_cmds "@restore large.rules" "-L -n -v" "-L cust-7 -n --line-numbers" "-S cust-20"
}

@test "large.rules: --noflush twice doubles the rules, -F clears" {
	diff_cmds "@restore large.rules" "@restore large.rules --noflush" "-L cust-1 -n" "-F" "-X"
}

@test "large.rules is what gen-large.sh generates" {
	run bash "$BPFIPT_DATA/restore/gen-large.sh"
	assert_success
	diff -u "$BPFIPT_DATA/restore/large.rules" <(printf '%s\n' "$output")
	run grep -c '^-A ' "$BPFIPT_DATA/restore/large.rules"
	[[ $output -ge 500 ]]
}

@test "all data files restore together with --noflush" {
	diff_cmds "@restore desktop.rules" "@restore docker.rules --noflush" \
		"@restore webserver.rules --noflush" "-L -n"
}
