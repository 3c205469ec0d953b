# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Live-traffic differential helpers for the dataplane suites (85-87).
#
# A "world" is one copy of the topology of tests/e2e/topo.sh (namespaces
# cli, dut, srv in a line; the dut routes between the other two), driven by
# one implementation: nf (iptables-nft, the oracle), lg (iptables-legacy,
# accepted where the two backends differ) or bpf (the product, or whatever
# BPFIPT_IMPL selects, so that `BPFIPT_IMPL=legacy` self-tests the suite).
# A test builds the worlds, gives every world the same rules and the same
# probes (bpfipt-probe: byte-identical packets, outcomes as the sending
# application sees them), and requires the product's outcomes and counters
# to equal iptables-nft's or, failing that, iptables-legacy's.
#
# Files of a test live in $TR_DIR (under $BATS_TEST_TMPDIR); the
# namespaces are named after NS_PREFIX (PID and test number), registered
# with common.bash's NS_LIST, and removed by tr_teardown even on failure.
#
# Environment: BPFIPT_PROBE, the probe tool (default
# $BPFIPT_BIN/tests/e2e/bpfipt-probe); BPFIPT_TRAFFIC_SABOTAGE="RULE",
# iptables words run in the product world after every restore, to see
# the tests fail (e.g. "-I INPUT 1 -p udp --dport 54 -j DROP").

load "$(dirname "${BASH_SOURCE[0]}")/common"
# shellcheck source=../../e2e/topo.sh
source "$BPFIPT_REPO/tests/e2e/topo.sh"

# Addresses of the topology (topo.sh) by role.
CLI=198.18.1.2
CLI2=198.18.1.130
DUTC=198.18.1.1
DUTS=198.18.2.1
SRV=198.18.2.2
SRV2=198.18.2.66
# The ports every server listens on (TCP and UDP).
TR_PORTS=(80 81 53 54)
# At most 900 ms: after 1 s a TCP SYN would be sent again (tests/e2e/README).
TR_TIMEOUT_MS=500
# For REJECT replies and RSTs still on their way when the probes finish.
TR_SETTLE_S=0.3

# tr_setup: common set-up plus the tools the traffic tests need; fails
# loudly (never skips) when one is missing.
tr_setup() {
	local t
	common_setup || return 1
	TR_PROBE=${BPFIPT_PROBE:-$BPFIPT_BIN/tests/e2e/bpfipt-probe}
	if [[ ! -x $TR_PROBE ]]; then
		echo "FATAL: probe tool '$TR_PROBE' missing: build the default cmake target" >&2
		return 1
	fi
	# tc, bpftool, jq: the product's footprint; python3: the namespace
	# cookie that names the product's state directory; nsenter: taking
	# down a helper whose namespace lost its name.
	for t in tc bpftool jq python3 nsenter findmnt; do
		if ! command -v "$t" >/dev/null; then
			echo "FATAL: required program '$t' not found in PATH" >&2
			return 1
		fi
	done
	TR_DIR="$BATS_TEST_TMPDIR/traffic"
	mkdir -p "$TR_DIR"
	TR_WORLDS=()
	declare -gA TR_IMPL=()
	TR_SERVERS=()
	TR_HELPERS=()
	TR_SPORT=40000
}

# tr_teardown: stop our servers (by pid), then the namespaces go through
# common_teardown (product --teardown first, then ip netns del).
tr_teardown() {
	local pid
	for pid in "${TR_SERVERS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${TR_SERVERS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	TR_SERVERS=()
	_tr_helpers_stop
	common_teardown
}

# _tr_helpers_stop: a product helper recorded by tr_helper_pid that still
# runs (its namespace may have lost its name) is taken down from inside
# its namespace, and killed by pid if that did not stop it.
_tr_helpers_stop() {
	local pid
	for pid in "${TR_HELPERS[@]}"; do
		tr_pid_gone "$pid" && continue
		nsenter --net="/proc/$pid/ns/net" "$PROD_IPT" --teardown >/dev/null 2>&1 3>&-
		tr_pid_gone "$pid" || kill "$pid" 2>/dev/null
	done
	TR_HELPERS=()
}

setup() { tr_setup; }
teardown() { tr_teardown; }

# tr_ns WORLD ROLE: the namespace's name.
tr_ns() { echo "${NS_PREFIX}_$1-$2"; }

# tr_prog IMPL ipt|save|restore: the program of an implementation.
tr_prog() {
	local i
	case $2 in ipt) i=0 ;; save) i=1 ;; restore) i=2 ;; esac
	case $1 in
	nf) echo "${ORACLE_NFT[i]}" ;;
	lg) echo "${ORACLE_LEGACY[i]}" ;;
	bpf)
		local -a p=("$PROD_IPT" "$PROD_SAVE" "$PROD_RESTORE")
		echo "${p[i]}"
		;;
	esac
}

# tr_world WORLD [IMPL]: build one topology (IMPL defaults to WORLD's
# name). The client gets nine more addresses, 198.18.1.10-18, one per
# target in the sender tests.
tr_world() {
	local w=$1 impl=${2:-$1} p role i
	p="${NS_PREFIX}_$w"
	for role in cli dut srv; do
		echo "$p-$role" >>"$NS_LIST"
	done
	if ! topo_create "$p"; then
		echo "FATAL: cannot build topology $p" >&2
		return 1
	fi
	for ((i = 10; i <= 18; i++)); do
		ip -n "$p-cli" addr add "198.18.1.$i/24" dev veth-d || return 1
		ip -n "$p-dut" neigh replace "198.18.1.$i" lladdr "$TOPO_MAC_CLI" \
			nud permanent dev veth-c || return 1
	done
	TR_WORLDS+=("$w")
	TR_IMPL[$w]=$impl
}

# tr_worlds [WORLD...]: several worlds (default: nf lg bpf).
tr_worlds() {
	local w
	[[ $# -gt 0 ]] || set -- nf lg bpf
	for w in "$@"; do
		tr_world "$w" || return 1
	done
}

# tr_run WORLD ROLE ipt|save|restore ARGS...: one program of the world's
# implementation in one of its namespaces. fd 3 (bats' own) is closed so
# that a daemon the product starts cannot hold the test open.
tr_run() {
	local w=$1 role=$2 kind=$3 prog
	shift 3
	prog=$(tr_prog "${TR_IMPL[$w]}" "$kind")
	ip netns exec "$(tr_ns "$w" "$role")" timeout -k 5 60 \
		bash -c 'p=$1; shift; exec -a "${p##*/}" "$p" "$@"' tr "$prog" "$@" 3>&-
}

# tr_all ROLE ARGS...: the same iptables command in ROLE of every world;
# each must succeed.
tr_all() {
	local role=$1 w out
	shift
	for w in "${TR_WORLDS[@]}"; do
		if ! out=$(tr_run "$w" "$role" ipt "$@" 2>&1); then
			echo "iptables $* failed in world $w ($role):"
			echo "$out"
			return 1
		fi
	done
}

# tr_restore_all ROLE FILE [ARGS...]: restore FILE in ROLE of every world.
tr_restore_all() {
	local role=$1 file=$2 w out
	shift 2
	for w in "${TR_WORLDS[@]}"; do
		if ! out=$(tr_run "$w" "$role" restore "$@" <"$file" 2>&1); then
			echo "restore $* < $file failed in world $w ($role):"
			echo "$out"
			sed 's/^/  | /' "$file"
			return 1
		fi
		_tr_sabotage "$w" "$role" || return 1
	done
}

# Self-test: BPFIPT_TRAFFIC_SABOTAGE="RULE ARGS" is run as iptables in the
# product world after every restore; the tests must then fail.
_tr_sabotage() {
	[[ -n ${BPFIPT_TRAFFIC_SABOTAGE:-} && $1 == bpf ]] || return 0
	# shellcheck disable=SC2086 # a rule's words, split on purpose
	tr_run "$1" "$2" ipt $BPFIPT_TRAFFIC_SABOTAGE
}

# tr_rules [ROLE]: restore stdin (an iptables-save text) in ROLE (default
# dut) of every world.
tr_rules() {
	local f
	f=$(mktemp "$TR_DIR/rules.XXXXXX")
	cat >"$f"
	tr_restore_all "${1:-dut}" "$f"
}

# tr_serve_in WORLD ROLE: a server on TR_PORTS; waits until it is ready.
# `ip netns exec` execs the tool, so $! is the server's own pid.
tr_serve_in() {
	local w=$1 role=$2 ready i pid
	ready="$TR_DIR/ready.$w-$role"
	rm -f "$ready"
	ip netns exec "$(tr_ns "$w" "$role")" "$TR_PROBE" serve "${TR_PORTS[@]}" \
		>"$ready" 2>&1 3>&- &
	pid=$!
	TR_SERVERS+=("$pid")
	for ((i = 0; i < 500; i++)); do
		grep -qs '^ready$' "$ready" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.01
	done
	echo "server in $w/$role did not start:"
	cat "$ready"
	return 1
}

# tr_serve: servers in every namespace of every world.
tr_serve() {
	local w role
	for w in "${TR_WORLDS[@]}"; do
		for role in cli dut srv; do
			tr_serve_in "$w" "$role" || return 1
		done
	done
}

# _tr_number: stdin probe lines "ROLE KIND SRC PORT DST [DPORT]" with
# PORT '-' get a fresh source port (or echo id), unique in the test, so
# concurrent and later probes never share a socket identity.
_tr_number() {
	local role kind src port rest
	while read -r role kind src port rest; do
		[[ -n $role && $role != '#'* ]] || continue
		if [[ $port == - ]]; then
			TR_SPORT=$((TR_SPORT + 1))
			port=$TR_SPORT
		fi
		echo "$role $kind $src $port $rest"
	done
}

# tr_traffic NAME [WORLD...]: run the probes of stdin in the worlds
# (default all), all roles and worlds at once. NAME.WORLD gets one line
# per probe, "PROBE => OUTCOME", in input order.
tr_traffic() {
	local name=$1 w role pid bad=0
	local -a pids=() worlds
	shift
	worlds=("$@")
	[[ ${#worlds[@]} -gt 0 ]] || worlds=("${TR_WORLDS[@]}")
	_tr_number >"$TR_DIR/$name.probes"
	for role in cli dut srv; do
		awk -v r="$role" '$1 == r { $1 = ""; sub(/^ /, ""); print }' \
			"$TR_DIR/$name.probes" >"$TR_DIR/$name.probes.$role"
		for w in "${worlds[@]}"; do
			ip netns exec "$(tr_ns "$w" "$role")" "$TR_PROBE" run "$TR_TIMEOUT_MS" \
				<"$TR_DIR/$name.probes.$role" >"$TR_DIR/$name.$w.$role" 2>&1 3>&- &
			pids+=($!)
		done
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || bad=1
	done
	for w in "${worlds[@]}"; do
		for role in cli dut srv; do
			paste -d '>' <(sed "s/^/$role /" "$TR_DIR/$name.probes.$role") \
				"$TR_DIR/$name.$w.$role" | sed 's/>/ => /'
		done >"$TR_DIR/$name.$w"
		# A broken probe run would compare equal on every side: fail.
		if [[ $bad == 1 ]] || grep -qE '=> (bad-probe|setup:|$)' "$TR_DIR/$name.$w"; then
			echo "bpfipt-probe run failed in world $w:"
			cat "$TR_DIR/$name.$w"
			return 1
		fi
	done
}

# tr_same NAME [WORLD [ORACLE...]]: file NAME.WORLD (default bpf) must
# equal NAME.nf or NAME.lg (default oracles); shows the difference to each.
tr_same() {
	local name=$1 w=${2:-bpf} o
	shift 2 2>/dev/null || shift $#
	[[ $# -gt 0 ]] || set -- nf lg
	for o in "$@"; do
		cmp -s "$TR_DIR/$name.$w" "$TR_DIR/$name.$o" && return 0
	done
	echo "######## $name: world $w equals none of: $*"
	for o in "$@"; do
		diff -u --label "$name ($o)" --label "$name ($w)" \
			"$TR_DIR/$name.$o" "$TR_DIR/$name.$w"
	done
	return 1
}

# tr_outcome NAME WORLD PATTERN: the outcome of the probe whose line
# matches PATTERN (an awk regex over "ROLE KIND SRC PORT DST [DPORT]").
tr_outcome() {
	awk -v re="$3" -F ' => ' '$1 ~ re { print $2; exit }' "$TR_DIR/$1.$2"
}

# tr_expect NAME WORLD PATTERN WANT: a known outcome (so that a test whose
# oracle and product agree on nothing interesting still fails).
tr_expect() {
	local got
	got=$(tr_outcome "$1" "$2" "$3")
	if [[ $got != "$4" ]]; then
		echo "$1: world $2, probe /$3/: expected '$4', got '$got'"
		return 1
	fi
}

# tr_state NAME [ROLE [WORLD...]]: after the settle time, the counters of
# ROLE (default dut) in every world: `-L -v -n -x --line-numbers`, then
# `save -c` without its '#' lines.
tr_state() {
	local name=$1 role=${2:-dut} w
	shift 2 2>/dev/null || shift $#
	[[ $# -gt 0 ]] || set -- "${TR_WORLDS[@]}"
	sleep "$TR_SETTLE_S"
	for w in "$@"; do
		{
			tr_run "$w" "$role" ipt -L -v -n -x --line-numbers 2>&1
			echo "exit $?"
			tr_run "$w" "$role" save -c 2>&1 | { grep -v "^#" || true; }
		} >"$TR_DIR/$name.$w"
	done
}

# tr_counters NAME [ROLE]: read the counters and compare (product world
# bpf against nf or lg).
tr_counters() {
	tr_state "$1" "${2:-dut}" && tr_same "$1"
}

# tr_check NAME [ROLE]: compare the outcomes of traffic NAME, then the
# counters of ROLE that it left behind.
tr_check() {
	tr_same "$1" || return 1
	tr_counters "$1.counters" "${2:-dut}"
}

# tr_bpf_state_dir WORLD ROLE: the product's state directory of that
# namespace ($BPF_IPTABLES_RUNDIR/netns-COOKIE, the namespace's cookie
# read through SO_NETNS_COOKIE).
tr_bpf_state_dir() {
	local cookie
	cookie=$(ip netns exec "$(tr_ns "$1" "$2")" python3 -c \
		'import socket; s = socket.socket(); print(int.from_bytes(s.getsockopt(socket.SOL_SOCKET, 71, 8), "little"))') ||
		return 1
	echo "$BPF_IPTABLES_RUNDIR/netns-$cookie"
}

# ---------------------------------------------------------------------------
# The product's footprint in a namespace, for the lifecycle tests.

# tr_tc_filters WORLD ROLE: every TC filter on every interface of the
# namespace, one "IFACE DIRECTION FILTER" line each.
tr_tc_filters() {
	local ns dev dir
	ns=$(tr_ns "$1" "$2")
	for dev in $(ip -n "$ns" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
		for dir in ingress egress; do
			tc -n "$ns" filter show dev "$dev" "$dir" 2>/dev/null | sed "s/^/$dev $dir /"
		done
	done
}

# tr_tc_qdiscs WORLD ROLE: the namespace's qdiscs.
tr_tc_qdiscs() { tc -n "$(tr_ns "$1" "$2")" qdisc show; }

# tr_cgroup_progs_sharing PROG_ID: the ids of the cgroup skb programs
# that share a map with program PROG_ID (the product's cgroup program of
# the same dataplane: its maps are the namespace's own).
tr_cgroup_progs_sharing() {
	bpftool -j prog show | jq -r --argjson id "$1" '
		(map(select(.id == $id)) | first | .map_ids // []) as $maps
		| .[] | select(.type == "cgroup_skb")
		| select([.map_ids // [] | .[] | select(. as $m | $maps | index($m))] | length > 0)
		| .id'
}

# tr_bpf_footprint WORLD ROLE: "TC_PROG_IDS|CGROUP_PROG_IDS" of the
# product's dataplane in the namespace.
tr_bpf_footprint() {
	local ids first
	ids=$(ip netns exec "$(tr_ns "$1" "$2")" bpftool -j net show |
		jq -r '.[].tc[]?.id' | sort -un)
	first=$(head -1 <<<"$ids")
	echo "$(echo $ids)|$( [[ -n $first ]] && echo $(tr_cgroup_progs_sharing "$first"))"
}

# tr_prog_exists ID: whether the kernel still holds BPF program ID.
tr_prog_exists() { bpftool prog show id "$1" >/dev/null 2>&1; }

# tr_cgroup_ids: the programs attached to the cgroup v2 root's egress
# (where the product attaches its OUTPUT program), one line.
tr_cgroup_ids() {
	local root
	root=$(findmnt -t cgroup2 -n -o TARGET | head -1)
	if [[ -z $root ]]; then
		echo "FATAL: no cgroup v2 mount in sight" >&2
		return 2
	fi
	bpftool -j cgroup show "$root" | jq -r '[.[] | select(.attach_type == "cgroup_inet_egress") | .id] | join(" ")'
}

# tr_cgroup_attached ID: whether program ID is attached there.
tr_cgroup_attached() {
	local ids
	ids=$(tr_cgroup_ids) || return 2
	[[ " $ids " == *" $1 "* ]]
}

# tr_wait_until SECONDS CMD...: poll CMD every 50 ms until it succeeds.
tr_wait_until() {
	local n=$(($1 * 20))
	shift
	while ((n-- > 0)); do
		"$@" && return 0
		sleep 0.05
	done
	"$@"
}

# tr_pid_gone PID: the process has exited. A zombie counts as gone: the
# helper is reparented to PID 1, which may reap it only later.
tr_pid_gone() {
	[[ ! -e /proc/$1 ]] || grep -qE '^State:[[:space:]]+Z' "/proc/$1/status" 2>/dev/null
}

# tr_not CMD...: succeeds iff CMD fails. (bats ignores the status of a
# line that starts with '!', so a bare '! cmd' asserts nothing.)
tr_not() { ! "$@"; }

# tr_bpf_gone PID "TC_IDS" "CGROUP_IDS": a dataplane (tr_bpf_footprint)
# and its helper are gone: the helper exited, its cgroup programs are off
# the cgroup root, and the kernel holds none of its programs any more.
tr_bpf_gone() {
	local id
	tr_wait_until 2 tr_pid_gone "$1"
	for id in $3; do
		tr_not tr_cgroup_attached "$id"
	done
	for id in $2 $3; do
		tr_wait_until 2 tr_not tr_prog_exists "$id"
	done
}

# tr_helper_up DIR: the helper of the namespace whose state is in DIR
# has written its pid (the command that starts it returns before: the
# helper starts once the command lets go of the table's lock), and that
# process lives.
tr_helper_up() {
	local pid
	pid=$(cat "$1/helper.pid" 2>/dev/null) || return 1
	[[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# tr_helper_pid WORLD ROLE: TR_HELPER := the pid of the product's helper
# in that namespace (from its state directory), also remembered for
# tr_teardown. Not for $(...): the list would stay in the subshell.
tr_helper_pid() {
	local dir pid
	dir=$(tr_bpf_state_dir "$1" "$2") || return 1
	tr_wait_until 2 tr_helper_up "$dir"
	pid=$(cat "$dir/helper.pid") || return 1
	if [[ ! $pid =~ ^[0-9]+$ ]]; then
		echo "no helper pid in $dir/helper.pid: '$pid'"
		return 1
	fi
	TR_HELPERS+=("$pid")
	TR_HELPER=$pid
}
