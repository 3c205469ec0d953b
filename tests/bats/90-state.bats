#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# State and concurrency of the product alone (no oracle): the rule table
# persists between invocations, is private to its network namespace, and
# concurrent writers serialised by -w lose nothing.

load helpers/diff

@test "state persists between separate invocations" {
	new_ns ns st
	prod "$ns" ipt -N keep
	prod "$ns" ipt -A keep -s 198.18.0.1 -j ACCEPT
	prod "$ns" ipt -A INPUT -p tcp --dport 22 -j keep
	prod "$ns" ipt -P FORWARD DROP
	run prod "$ns" ipt -S
	assert_success
	assert_output - <<'OUT'
-P INPUT ACCEPT
-P FORWARD DROP
-P OUTPUT ACCEPT
-N keep
-A INPUT -p tcp -m tcp --dport 22 -j keep
-A keep -s 198.18.0.1/32 -j ACCEPT
OUT
	run prod "$ns" save
	assert_success
	assert_line -- '-A keep -s 198.18.0.1/32 -j ACCEPT'
	assert_line -- ':FORWARD DROP [0:0]'
}

@test "counters set with -c persist between invocations" {
	new_ns ns st
	prod "$ns" ipt -A INPUT -s 198.18.0.1 -j ACCEPT -c 123 4567
	run prod "$ns" ipt -L INPUT -v -x -n
	assert_success
	assert_line --regexp '^ +123 +4567 ACCEPT .*198\.18\.0\.1 '
	prod "$ns" ipt -Z INPUT
	run prod "$ns" ipt -S INPUT -v
	assert_line -- '-A INPUT -s 198.18.0.1/32 -c 0 0 -j ACCEPT'
}

@test "a failed command leaves the state as it was" {
	new_ns ns st
	prod "$ns" ipt -A INPUT -s 198.18.0.1 -j ACCEPT
	run prod "$ns" save
	before=$output
	run prod "$ns" ipt -A INPUT -s 198.18.0.2 -j nosuchchain
	assert_failure
	run prod "$ns" ipt -A INPUT -p tcp --dport 99999 -j ACCEPT
	assert_failure
	run prod "$ns" save
	assert_equal "$(strip_comments <<<"$output")" "$(strip_comments <<<"$before")"
}

@test "a failed restore leaves the state as it was" {
	new_ns ns st
	prod "$ns" ipt -N keep
	prod "$ns" ipt -A INPUT -j keep
	run prod "$ns" save -c
	before=$output
	run prod "$ns" restore <<'R'
*filter
:INPUT DROP [0:0]
-A INPUT -s 198.18.0.1/32 -j ACCEPT
-A INPUT -s 198.18.0.2/32 -j nosuchchain
COMMIT
R
	assert_failure
	run prod "$ns" save -c
	assert_equal "$(strip_comments <<<"$output")" "$(strip_comments <<<"$before")"
}

@test "rules are private to their network namespace (same rundir)" {
	new_ns a iso
	new_ns b iso
	prod "$a" ipt -A INPUT -s 198.18.0.1 -j DROP
	prod "$a" ipt -N only-in-a
	run prod "$b" ipt -S
	assert_success
	assert_output $'-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT'
	prod "$b" ipt -A INPUT -s 198.18.0.2 -j ACCEPT
	run prod "$a" ipt -S INPUT
	assert_output $'-P INPUT ACCEPT\n-A INPUT -s 198.18.0.1/32 -j DROP'
	run prod "$b" ipt -S INPUT
	assert_output $'-P INPUT ACCEPT\n-A INPUT -s 198.18.0.2/32 -j ACCEPT'
}

@test "flush and policy changes stay in their namespace" {
	new_ns a iso
	new_ns b iso
	prod "$a" ipt -A INPUT -j ACCEPT
	prod "$b" ipt -A INPUT -j ACCEPT
	prod "$a" ipt -F
	prod "$a" ipt -P INPUT DROP
	run prod "$b" ipt -S
	assert_output $'-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -j ACCEPT'
	run prod "$a" ipt -S
	assert_output $'-P INPUT DROP\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT'
}

@test "restore in one namespace does not touch another" {
	new_ns a iso
	new_ns b iso
	prod "$b" ipt -A OUTPUT -j DROP
	prod "$a" restore <"$BPFIPT_DATA/restore/webserver.rules"
	run prod "$b" ipt -S
	assert_output $'-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A OUTPUT -j DROP'
	run prod "$a" ipt -S
	assert_line -- '-N blocklist'
}

@test "a namespace created after another was deleted starts empty" {
	new_ns a iso
	prod "$a" ipt -A INPUT -j DROP
	ip netns del "$a"
	new_ns b iso
	run prod "$b" ipt -S
	assert_output $'-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT'
}

@test "50 parallel -w -A all land" {
	new_ns ns par
	local pids=() i rc fail=0
	for i in $(seq 1 50); do
		prod "$ns" ipt -w -A INPUT -s "198.18.0.$i" -j ACCEPT \
			>"$BATS_TEST_TMPDIR/par.$i" 2>&1 &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		rc=0
		wait "${pids[$i]}" || rc=$?
		if [[ $rc != 0 ]]; then
			echo "writer $((i + 1)) failed (exit $rc):"
			cat "$BATS_TEST_TMPDIR/par.$((i + 1))"
			fail=1
		fi
	done
	[[ $fail == 0 ]]
	run prod "$ns" ipt -S INPUT
	assert_success
	got=$(grep '^-A INPUT' <<<"$output" | sort)
	want=$(for i in $(seq 1 50); do echo "-A INPUT -s 198.18.0.$i/32 -j ACCEPT"; done | sort)
	assert_equal "$(wc -l <<<"$got")" 50
	assert_equal "$got" "$want"
}

@test "parallel -w writers mixing -A, -N and -I keep every change" {
	new_ns ns par
	local pids=() i
	for i in $(seq 1 20); do
		prod "$ns" ipt -w -N "chain$i" &
		pids+=($!)
		prod "$ns" ipt -w -I OUTPUT -d "198.18.1.$i" -j DROP &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i"; done
	run prod "$ns" ipt -S
	assert_success
	assert_equal "$(grep -c '^-N chain' <<<"$output")" 20
	assert_equal "$(grep -c '^-A OUTPUT -d 198.18.1' <<<"$output")" 20
}

@test "parallel readers see a consistent ruleset while a restore runs" {
	new_ns ns par
	prod "$ns" restore <"$BPFIPT_DATA/restore/large.rules"
	local n
	n=$(prod "$ns" ipt -S | grep -c '^-A')
	prod "$ns" restore <"$BPFIPT_DATA/restore/large.rules" &
	local wpid=$! i c
	for i in $(seq 1 10); do
		c=$(prod "$ns" ipt -w -S | grep -c '^-A')
		[[ $c == "$n" ]] || {
			echo "reader saw $c rules, expected $n"
			return 1
		}
	done
	wait "$wpid"
}

# -A, -I, -D and -R are saved as change records after the table, which
# is written whole again after a few dozen of them or after any other
# change: a long mixed run, with listings on the way, must stay
# iptables' (differential, every step).
@test "a long run of -A, -I, -D, -R between other changes lists and saves as iptables" {
	local i lines=("-N svc" "-A INPUT -p tcp -j svc")
	for i in $(seq 1 45); do
		lines+=("-A INPUT -s 198.18.4.$i -p udp --dport $((1000 + i)) -j ACCEPT")
		((i % 3 == 0)) && lines+=("-I INPUT $((i / 3)) -d 198.18.5.$i -j DROP")
		((i % 5 == 0)) && lines+=("-D INPUT $((i / 5 + 1))")
		((i % 7 == 0)) && lines+=("-R INPUT 2 -s 198.18.6.$i -j RETURN")
		((i % 9 == 0)) && lines+=("-A svc -p tcp --dport $i -j ACCEPT" "-S INPUT")
		((i % 11 == 0)) && lines+=("-D INPUT -s 198.18.4.$i -p udp --dport $((1000 + i)) -j ACCEPT")
		((i == 20)) && lines+=("-Z INPUT" "-P FORWARD DROP" "-N late")
		((i == 30)) && lines+=("-D INPUT -s 198.18.9.9 -j ACCEPT" "-X late")
	done
	lines+=("-L INPUT -v -n -x --line-numbers")
	diff_cmds "${lines[@]}"
}

@test "readers during a run of -A and -D see whole tables, never a half-written change" {
	new_ns ns chg
	prod "$ns" restore <"$BPFIPT_DATA/restore/large.rules"
	local base i c wpid
	base=$(prod "$ns" ipt -S | grep -c '^-A')
	(
		for i in $(seq 1 60); do
			prod "$ns" ipt -w -A INPUT -s "198.18.7.$i" -j ACCEPT || exit 1
			((i % 4 == 0)) && { prod "$ns" ipt -w -D INPUT -s "198.18.7.$((i - 1))" -j ACCEPT || exit 1; }
		done
	) &
	wpid=$!
	for i in $(seq 1 40); do
		run prod "$ns" ipt -S
		assert_success
		c=$(grep -c '^-A' <<<"$output")
		# Between the table before the run and after it, never fewer
		# than before (each step adds at least as many rules as the
		# next -D takes away).
		if ((c < base || c > base + 60)); then
			echo "reader $i saw $c rules (table had $base, run adds at most 60)"
			return 1
		fi
	done
	wait "$wpid"
	run prod "$ns" ipt -S INPUT
	assert_success
	assert_equal "$(grep -c '^-A INPUT -s 198.18.7' <<<"$output")" 45
}
