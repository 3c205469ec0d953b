# SPDX-License-Identifier: GPL-2.0-only
#
# Common set-up for the bats CLI suites: configuration, per-test network
# namespaces and state directory, and the output normaliser.
#
# Configuration (environment):
#   BPFIPT_BIN   directory holding bpf-iptables, bpf-iptables-save and
#                bpf-iptables-restore (default: $REPO/build)
#   BPFIPT_IMPL  which program plays "the product":
#                  bpf     (default) the binaries in $BPFIPT_BIN
#                  legacy  iptables-legacy{,-save,-restore}  (harness self-test)
#                  nft     iptables-nft{,-save,-restore}     (harness self-test)
#                  legacy-strict  iptables-legacy behind wrappers
#                          (helpers/strict/) that refuse the unsupported
#                          tables and matches with exit 2
#                In the legacy and nft modes nearly every case must pass;
#                the cases that assert "unsupported, exit 2" are expected
#                to fail, because the real iptables accepts those features.
#                In legacy-strict mode every case must pass.
#
# Every test gets a fresh BPF_IPTABLES_RUNDIR under $BATS_TEST_TMPDIR and
# its own network namespaces; teardown deletes them, also on failure.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

BPFIPT_HELPERS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BPFIPT_REPO="$(cd "$BPFIPT_HELPERS/../../.." && pwd)"
BPFIPT_DATA="$BPFIPT_REPO/tests/data"
: "${BPFIPT_BIN:=$BPFIPT_REPO/build}"
: "${BPFIPT_IMPL:=bpf}"

# The oracles.
ORACLE_NFT=(iptables-nft iptables-nft-save iptables-nft-restore)
ORACLE_LEGACY=(iptables-legacy iptables-legacy-save iptables-legacy-restore)

# product_progs: set PROD_IPT, PROD_SAVE, PROD_RESTORE for $BPFIPT_IMPL.
product_progs() {
	case "$BPFIPT_IMPL" in
	bpf)
		PROD_IPT="$BPFIPT_BIN/bpf-iptables"
		PROD_SAVE="$BPFIPT_BIN/bpf-iptables-save"
		PROD_RESTORE="$BPFIPT_BIN/bpf-iptables-restore"
		;;
	legacy)
		PROD_IPT=$(command -v iptables-legacy)
		PROD_SAVE=$(command -v iptables-legacy-save)
		PROD_RESTORE=$(command -v iptables-legacy-restore)
		;;
	legacy-strict)
		PROD_IPT="$BPFIPT_HELPERS/strict/bpf-iptables"
		PROD_SAVE="$BPFIPT_HELPERS/strict/bpf-iptables-save"
		PROD_RESTORE="$BPFIPT_HELPERS/strict/bpf-iptables-restore"
		;;
	nft)
		PROD_IPT=$(command -v iptables-nft)
		PROD_SAVE=$(command -v iptables-nft-save)
		PROD_RESTORE=$(command -v iptables-nft-restore)
		;;
	*)
		echo "BPFIPT_IMPL=$BPFIPT_IMPL: must be bpf, legacy, legacy-strict or nft" >&2
		return 1
		;;
	esac
}

# require_env: fail loudly (never skip) when the test machine lacks
# something the suite needs.
require_env() {
	local p
	if [[ $EUID -ne 0 ]]; then
		echo "FATAL: the bats CLI suite must run as root (network namespaces)" >&2
		return 1
	fi
	for p in ip "${ORACLE_NFT[@]}" "${ORACLE_LEGACY[@]}"; do
		if ! command -v "$p" >/dev/null; then
			echo "FATAL: required program '$p' not found in PATH" >&2
			return 1
		fi
	done
	product_progs || return 1
	for p in "$PROD_IPT" "$PROD_SAVE" "$PROD_RESTORE"; do
		if [[ -z $p || ! -x $p ]]; then
			echo "FATAL: product binary '$p' missing or not executable" \
				"(BPFIPT_IMPL=$BPFIPT_IMPL BPFIPT_BIN=$BPFIPT_BIN)" >&2
			return 1
		fi
	done
}

common_setup() {
	require_env || return 1
	export LC_ALL=C
	export BPF_IPTABLES_RUNDIR="$BATS_TEST_TMPDIR/run"
	mkdir -p "$BPF_IPTABLES_RUNDIR"
	# iptables-legacy's lock is a file shared by all namespaces; give each
	# test its own so that parallel bats jobs cannot collide on it.
	export XTABLES_LOCKFILE="$BATS_TEST_TMPDIR/xtables.lock"
	NS_PREFIX="bpt${$}t${BATS_TEST_NUMBER}"
	NS_LIST="$BATS_TEST_TMPDIR/netns.list"
	: >"$NS_LIST"
	NS_SEQ=0
}

common_teardown() {
	local ns
	if [[ -f ${NS_LIST:-} ]]; then
		while read -r ns; do
			[[ -n $ns ]] || continue
			# The dataplane's cgroup program hangs on the cgroup, not
			# on the namespace: take it down before the namespace goes
			# (also where roundtrip used a second state directory).
			ip netns exec "$ns" "$BPFIPT_BIN/bpf-iptables" --teardown 2>/dev/null
			[[ -d $BATS_TEST_TMPDIR/run2 ]] &&
				BPF_IPTABLES_RUNDIR="$BATS_TEST_TMPDIR/run2" \
					ip netns exec "$ns" "$BPFIPT_BIN/bpf-iptables" --teardown 2>/dev/null
			ip netns del "$ns" 2>/dev/null
		done <"$NS_LIST"
	fi
	# The keeper of spare dataplanes a first restore started: it
	# outlives namespaces by design, not the test.
	"$BPFIPT_BIN/bpf-iptables" --spare-stop 2>/dev/null
	[[ -d $BATS_TEST_TMPDIR/run2 ]] &&
		BPF_IPTABLES_RUNDIR="$BATS_TEST_TMPDIR/run2" "$BPFIPT_BIN/bpf-iptables" --spare-stop 2>/dev/null
	# Belt and braces: anything carrying this test's prefix.
	if [[ -n ${NS_PREFIX:-} ]]; then
		for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
			[[ $ns == "$NS_PREFIX"_* ]] && ip netns del "$ns" 2>/dev/null
		done
	fi
	return 0
}

setup() { common_setup; }
teardown() { common_teardown; }

# new_ns VAR TAG: create a fresh namespace, remember it for teardown and
# store its name in VAR (no subshell, so the sequence number sticks).
new_ns() {
	local -n _ns_var=$1
	local name
	NS_SEQ=$((NS_SEQ + 1))
	name="${NS_PREFIX}_${2}${NS_SEQ}"
	echo "$name" >>"$NS_LIST"
	if ! ip netns add "$name"; then
		echo "FATAL: ip netns add $name failed" >&2
		return 1
	fi
	_ns_var=$name
}

# normalise: filter stdin, replacing program names/versions by PROG and
# dropping the date from the iptables-save header and trailer comments.
normalise() {
	sed -E \
		-e 's/(bpf-)?iptables(-nft|-legacy)?(-save|-restore)?( v[0-9]+(\.[0-9]+)*( \((nf_tables|legacy|bpf)\))?)?/PROG/g' \
		-e 's/^(# Generated by PROG) on .*$/\1/' \
		-e 's/^# Completed on .*$/# Completed/'
}
