#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Rule updates run by the namespace's helper (docs/ARCHITECTURE.md,
# "Updates the helper runs"): -A, -I and -D go to the helper, which
# keeps the table in memory between commands. What a command prints and
# leaves behind must not depend on where it ran: every step here is
# compared with the same step run by the command itself
# (BPF_IPTABLES_HELPER_UPDATES=0) and the final table with iptables-nft's.
# That the helper did run them is read from its write(2) count in
# /proc/PID/io: an update it runs appends a change record to the table
# file, and it writes nothing else while no packet reaches it. Unless
# the test says otherwise, the helper is asked whatever the table's size.

load helpers/diff

# The helper takes updates of tables under 1 MiB only when asked to.
export BPF_IPTABLES_HELPER_UPDATES=1

# state_dir NS: the product's state directory of namespace NS.
state_dir() {
	local cookie
	cookie=$(ip netns exec "$1" python3 -c \
		'import socket; s = socket.socket(); print(int.from_bytes(s.getsockopt(socket.SOL_SOCKET, 71, 8), "little"))') ||
		return 1
	echo "$BPF_IPTABLES_RUNDIR/netns-$cookie"
}

# helper_serving DIR: the helper of DIR runs and listens.
helper_serving() {
	local pid
	pid=$(cat "$1/helper.pid" 2>/dev/null) || return 1
	[[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && [[ -S $1/table.sock ]]
}

# wait_helper NS: HELPER_DIR and HELPER_PID of namespace NS, once its
# helper listens.
wait_helper() {
	local n=100
	HELPER_DIR=$(state_dir "$1") || return 1
	while ((n-- > 0)) && ! helper_serving "$HELPER_DIR"; do
		sleep 0.05
	done
	helper_serving "$HELPER_DIR" || {
		echo "no helper listening in $HELPER_DIR"
		ls -la "$HELPER_DIR"
		return 1
	}
	HELPER_PID=$(cat "$HELPER_DIR/helper.pid")
}

# pid_gone PID: the process has exited (a zombie counts: the helper is
# reparented to PID 1, which may reap it only later).
pid_gone() {
	[[ ! -e /proc/$1 ]] || grep -qE '^State:[[:space:]]+Z' "/proc/$1/status" 2>/dev/null
}

# wait_gone PID: pid_gone within two seconds.
wait_gone() {
	local n=40
	while ((n-- > 0)) && ! pid_gone "$1"; do
		sleep 0.05
	done
	pid_gone "$1"
}

# helper_writes: the helper's write(2) count so far.
helper_writes() { awk '/^syscw:/ { print $2 }' "/proc/$HELPER_PID/io"; }

# step NS LOCAL ARGS...: one bpf-iptables command in NS, by the command
# itself when LOCAL is 1; prints "rc=N", stdout and stderr.
step() {
	local ns=$1 local=$2 out err rc
	shift 2
	out=$(BPF_IPTABLES_HELPER_UPDATES=$((1 - local)) prod "$ns" ipt "$@" 2>"$BATS_TEST_TMPDIR/err")
	rc=$?
	printf 'rc=%s\n%s\n--\n%s\n' "$rc" "$out" "$(cat "$BATS_TEST_TMPDIR/err")"
}

UPDATES=(
	"-A INPUT -s 198.18.0.1 -j ACCEPT"
	"-A INPUT -s 198.18.0.2,198.18.0.3/31 -p tcp --dport 22 -j DROP"
	"-v -A INPUT -p udp -m multiport --dports 53,123 -m comment --comment two\ words -j ACCEPT"
	"-I INPUT 2 -i veth+ -p icmp --icmp-type echo-request -j ACCEPT"
	"-I INPUT 99 -j ACCEPT"
	"-A INPUT -j nosuchchain"
	"-A keep -s 198.18.0.4 -j RETURN"
	"-A INPUT -p tcp --dport 99999 -j ACCEPT"
	"-A INPUT -j keep"
	"-A INPUT -s 198.18.0.5 -j ACCEPT -c 7 700"
	"-D INPUT -s 198.18.0.1 -j ACCEPT"
	"-D INPUT -s 198.18.0.1 -j ACCEPT"
	"-D INPUT 2"
	"-D INPUT 42"
	"-v -D INPUT -s 198.18.0.2,198.18.0.3/31 -p tcp --dport 22 -j DROP"
	"-A OUTPUT -o lo -j ACCEPT"
	"-A OUTPUT -i lo -j ACCEPT"
	"-A FORWARD -p tcp --syn -j REJECT --reject-with tcp-reset"
	"-I FORWARD -m comment --comment x -j LOG --log-prefix fw"
	"-D keep 1"
)

@test "helper updates: each step prints and leaves what the command itself gives, the table what iptables-nft's is" {
	local line i want got
	local -a args
	new_ns h helper
	new_ns l local
	new_ns n nft
	for ns in "$h" "$l"; do
		prod "$ns" ipt -N keep
		prod "$ns" ipt -A FORWARD -j ACCEPT
	done
	ip netns exec "$n" iptables-nft -N keep
	ip netns exec "$n" iptables-nft -A FORWARD -j ACCEPT
	wait_helper "$h"
	for ((i = 0; i < ${#UPDATES[@]}; i++)); do
		eval "args=(${UPDATES[i]})"
		want=$(step "$l" 1 "${args[@]}")
		got=$(step "$h" 0 "${args[@]}")
		if [[ $got != "$want" ]]; then
			echo "step $((i + 1)): ${UPDATES[i]}"
			diff -u <(echo "$want") <(echo "$got") || true
			return 1
		fi
		ip netns exec "$n" iptables-nft "${args[@]}" >/dev/null 2>&1 || true
	done
	for how in "-S" "-L -v -n -x --line-numbers"; do
		run prod "$h" ipt $how
		want=$(ip netns exec "$n" iptables-nft $how | normalise)
		assert_equal "$(normalise <<<"$output")" "$want"
		run prod "$l" ipt $how
		assert_equal "$(normalise <<<"$output")" "$want"
	done
}

@test "helper updates: the helper runs them, not with BPF_IPTABLES_HELPER_UPDATES=0 or a host name" {
	local before
	new_ns h helper
	prod "$h" ipt -A INPUT -s 198.18.0.1 -j ACCEPT
	wait_helper "$h"
	before=$(helper_writes)
	prod "$h" ipt -A INPUT -s 198.18.0.2 -j ACCEPT
	prod "$h" ipt -D INPUT 1
	# Two change records written: by the helper.
	assert_equal "$(helper_writes)" "$((before + 2))"
	before=$(helper_writes)
	BPF_IPTABLES_HELPER_UPDATES=0 prod "$h" ipt -A INPUT -s 198.18.0.3 -j ACCEPT
	prod "$h" ipt -A INPUT -s localhost -j ACCEPT
	prod "$h" ipt -P FORWARD DROP
	assert_equal "$(helper_writes)" "$before"
	run prod "$h" ipt -S INPUT
	assert_output - <<'OUT'
-P INPUT ACCEPT
-A INPUT -s 198.18.0.2/32 -j ACCEPT
-A INPUT -s 198.18.0.3/32 -j ACCEPT
-A INPUT -s 127.0.0.1/32 -j ACCEPT
OUT
}

@test "helper updates: a table another command rewrote is read again, also at the same size" {
	local seq
	new_ns h helper
	new_ns n nft
	# Each line: where it runs (h: the helper, l: the command itself),
	# then the command. -Z and -P leave the file as long as it was.
	seq=(
		"h -A INPUT -s 198.18.0.1 -j ACCEPT -c 5 500"
		"h -A INPUT -s 198.18.0.2 -j ACCEPT"
		"l -A INPUT -s 198.18.0.3 -j DROP"
		"h -I INPUT 1 -s 198.18.0.4 -j ACCEPT"
		"l -Z INPUT"
		"h -A INPUT -s 198.18.0.5 -j ACCEPT"
		"l -P INPUT DROP"
		"h -D INPUT 2"
		"l -D INPUT 1"
		"l -F INPUT"
		"h -A INPUT -s 198.18.0.6 -j ACCEPT -c 1 100"
		"l -P INPUT ACCEPT"
		"h -A INPUT -s 198.18.0.7 -j ACCEPT"
	)
	prod "$h" ipt -A FORWARD -j ACCEPT
	ip netns exec "$n" iptables-nft -A FORWARD -j ACCEPT
	wait_helper "$h"
	for line in "${seq[@]}"; do
		eval "args=(${line#? })"
		if [[ ${line:0:1} == h ]]; then
			prod "$h" ipt "${args[@]}"
		else
			BPF_IPTABLES_HELPER_UPDATES=0 prod "$h" ipt "${args[@]}"
		fi
		ip netns exec "$n" iptables-nft "${args[@]}"
	done
	run prod "$h" ipt -S -v
	assert_success
	assert_equal "$(normalise <<<"$output")" "$(ip netns exec "$n" iptables-nft -S -v | normalise)"
	# ... and what the helper last wrote is what a command reads.
	run prod "$h" save -c
	assert_line -- '[1:100] -A INPUT -s 198.18.0.6/32 -j ACCEPT'
	assert_line -- '[0:0] -A INPUT -s 198.18.0.7/32 -j ACCEPT'
}

@test "helper updates: a stopped helper is waited for a second, then the command runs itself, once" {
	new_ns h helper
	prod "$h" ipt -A INPUT -s 198.18.0.1 -j ACCEPT
	wait_helper "$h"
	kill -STOP "$HELPER_PID"
	run prod "$h" ipt -A INPUT -s 198.18.0.2 -j ACCEPT
	kill -CONT "$HELPER_PID"
	assert_success
	# The helper, going on, finds that command gone and changes nothing.
	run prod "$h" ipt -A INPUT -s 198.18.0.3 -j ACCEPT
	assert_success
	kill -KILL "$HELPER_PID"
	wait_gone "$HELPER_PID"
	# A dead helper's socket is refused: the command runs itself.
	run prod "$h" ipt -D INPUT 1
	assert_success
	run prod "$h" ipt -S INPUT
	assert_output - <<'OUT'
-P INPUT ACCEPT
-A INPUT -s 198.18.0.2/32 -j ACCEPT
-A INPUT -s 198.18.0.3/32 -j ACCEPT
OUT
}

@test "helper updates: a held lock makes -w wait and fail as the command itself does" {
	local want
	new_ns h helper
	prod "$h" ipt -A INPUT -s 198.18.0.1 -j ACCEPT
	wait_helper "$h"
	# The commands run without the lock's descriptor (it is inherited
	# otherwise): only this shell holds the lock.
	exec {lockfd}<>"$HELPER_DIR/lock"
	flock -x "$lockfd"
	want=$(BPF_IPTABLES_HELPER_UPDATES=0 prod "$h" ipt -w 1 -A INPUT -s 198.18.0.2 -j ACCEPT \
		2>&1 {lockfd}>&-) || true
	run prod "$h" ipt -w 1 -A INPUT -s 198.18.0.2 -j ACCEPT {lockfd}>&-
	exec {lockfd}>&-
	assert_failure 4
	assert_equal "$output" "$want"
	[[ $want == *"Another app is currently holding the xtables lock"* ]]
	run prod "$h" ipt -S INPUT
	assert_output - <<'OUT'
-P INPUT ACCEPT
-A INPUT -s 198.18.0.1/32 -j ACCEPT
OUT
}

@test "helper updates: an update that outgrows the dataplane makes a new one and a new helper" {
	local ids_before ids_after old_pid list
	new_ns h helper
	prod "$h" ipt -A INPUT -s 198.18.0.1 -j ACCEPT
	wait_helper "$h"
	old_pid=$HELPER_PID
	ids_before=$(od -A n -t u4 -j 8 -N 16 "$HELPER_DIR/dataplane")
	# 3,000 rules in one -A: more counter slots than the dataplane has.
	list=$(python3 -c 'print(",".join("198.19.%d.%d" % (i // 250, i % 250 + 1) for i in range(3000)))')
	prod "$h" ipt -A INPUT -s "$list" -p tcp --dport 80 -j DROP
	ids_after=$(od -A n -t u4 -j 8 -N 16 "$HELPER_DIR/dataplane")
	[[ $ids_after != "$ids_before" ]]
	# The old helper ran it, then went; the new dataplane's helper
	# takes the next update.
	wait_gone "$old_pid"
	wait_helper "$h"
	[[ $HELPER_PID != "$old_pid" ]]
	before=$(helper_writes)
	prod "$h" ipt -D INPUT 1
	assert_equal "$(helper_writes)" "$((before + 1))"
	run prod "$h" ipt -S INPUT
	assert_equal "$(wc -l <<<"$output")" 3001
	assert_line --index 1 -- '-A INPUT -s 198.19.0.1/32 -p tcp -m tcp --dport 80 -j DROP'
}

@test "helper updates: by default only for a table file of 1 MiB or more" {
	local before size
	new_ns h helper
	unset BPF_IPTABLES_HELPER_UPDATES
	prod "$h" ipt -A INPUT -s 198.18.0.1 -j ACCEPT
	wait_helper "$h"
	before=$(helper_writes)
	prod "$h" ipt -A INPUT -s 198.18.0.2 -j ACCEPT
	assert_equal "$(helper_writes)" "$before"
	# 8,000 rules: a table file of about 1.3 MB.
	python3 -c '
print("*filter")
for i in range(8000):
    print("-A INPUT -s 198.19.%d.%d/32 -p tcp -m tcp --dport %d -j ACCEPT" % (i // 250, i % 250 + 1, 1000 + i % 5000))
print("COMMIT")' >"$BATS_TEST_TMPDIR/big"
	prod "$h" restore <"$BATS_TEST_TMPDIR/big"
	size=$(stat -L -c %s "$HELPER_DIR/filter.table")
	((size >= 1024 * 1024))
	wait_helper "$h"
	before=$(helper_writes)
	prod "$h" ipt -A INPUT -s 198.18.0.3 -j ACCEPT
	prod "$h" ipt -D INPUT 1
	assert_equal "$(helper_writes)" "$((before + 2))"
	run prod "$h" ipt -S INPUT
	assert_equal "$(wc -l <<<"$output")" 8001
	assert_line --index 1 -- '-A INPUT -s 198.19.0.2/32 -p tcp -m tcp --dport 1001 -j ACCEPT'
	assert_line --index 8000 -- '-A INPUT -s 198.18.0.3/32 -j ACCEPT'
}
