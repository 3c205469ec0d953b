# SPDX-License-Identifier: GPL-2.0-only
#
# Differential helpers: run the same commands against the product and the
# real iptables 1.8.9, each in its own throwaway network namespace, and
# compare normalised stdout, stderr and exit code of every step, then the
# final `-S`, save and `save -c` output.
#
# A step is correct when it equals iptables-nft OR iptables-legacy (the
# two backends word a few messages differently). The product runs in ns
# B, iptables-nft in ns A; only if something differs is iptables-legacy
# run, in a fresh ns C (nft and legacy never share a namespace).
#
# Line syntax (diff_cmds): one command per line, parsed with the shell's
# quoting rules (eval "args=($line)"), so quotes and $VARS work:
#   -A INPUT -m comment --comment "two words" -j ACCEPT
#   @save [ARGS]              run the save program
#   @restore FILE [ARGS]      run the restore program, FILE on stdin
#                             (relative FILE: tests/data/restore/FILE)
#   @ipt [ARGS]               run iptables ARGS (allows an empty ARGS)
#   @help ARGS                run iptables ARGS but compare only the exit
#                             code, stderr and whether stdout is non-empty:
#                             the help text need not be byte-equal.
# Empty lines and lines starting with '#' are ignored.

load "$(dirname "${BASH_SOURCE[0]}")/common"

# Final steps appended to every differential case.
DIFF_FINAL_STEPS=(
	"-S"
	"@save"
	"@save -c"
)

# _build_steps OUTDIR LINE...: write OUTDIR/steps (for runner.sh) and
# OUTDIR/titles (one display line per step).
_build_steps() {
	local dir=$1 line kind f
	local -a args
	shift
	: >"$dir/steps"
	: >"$dir/titles"
	for line in "$@" "${DIFF_FINAL_STEPS[@]}"; do
		[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
		kind=ipt
		case $line in
		@save*) kind=save line=${line#@save} ;;
		@restore*) kind=restore line=${line#@restore} ;;
		@help*) kind=help line=${line#@help} ;;
		@ipt*) line=${line#@ipt} ;;
		esac
		args=()
		if ! eval "args=($line)"; then
			echo "diff_cmds: cannot parse line: $line" >&2
			return 1
		fi
		if [[ $kind == restore ]]; then
			if [[ ${#args[@]} -lt 1 ]]; then
				echo "diff_cmds: @restore needs a FILE: $line" >&2
				return 1
			fi
			f=${args[0]}
			[[ $f == /* ]] || f="$BPFIPT_DATA/restore/$f"
			if [[ ! -r $f ]]; then
				echo "diff_cmds: restore input '$f' not readable" >&2
				return 1
			fi
			args[0]=$f
		fi
		{
			printf 'step %s' "$kind"
			[[ ${#args[@]} -gt 0 ]] && printf ' %q' "${args[@]}"
			echo
		} >>"$dir/steps"
		case $kind in
		ipt) echo "iptables ${line# }" ;;
		help) echo "iptables$line (help: exit code and non-empty stdout only)" ;;
		*) echo "$kind$line" ;;
		esac >>"$dir/titles"
	done
}

# _run_impl WHO NS OUTDIR STEPDIR: run the steps with implementation WHO
# (product|nft|legacy) in namespace NS, leave the normalised transcript in
# OUTDIR.txt.
_run_impl() {
	local who=$1 ns=$2 out=$3 stepdir=$4
	local -a progs
	case $who in
	product) progs=("$PROD_IPT" "$PROD_SAVE" "$PROD_RESTORE") ;;
	nft) progs=("${ORACLE_NFT[@]}") ;;
	legacy) progs=("${ORACLE_LEGACY[@]}") ;;
	esac
	mkdir -p "$out"
	ip netns exec "$ns" env IPT="${progs[0]}" SAVE="${progs[1]}" \
		RESTORE="${progs[2]}" bash "$BPFIPT_HELPERS/runner.sh" "$out" \
		"$stepdir/steps"
	awk -v dir="$out" -v titles="$stepdir/titles" \
		-f "$BPFIPT_HELPERS/transcript.awk" | normalise >"$out.txt"
}

_show_block_diff() {
	local label=$1 want=$2 got=$3
	diff -u --label "$label" --label "product ($BPFIPT_IMPL)" \
		<(printf '%s' "$want") <(printf '%s' "$got") | sed 's/\x1e//g'
}

# diff_cmds [LINE...]: the differential case. Lines come from the
# arguments, or from stdin when there are none.
diff_cmds() {
	local -a lines p n l t
	local dir ns_p ns_n ns_l i bad=0 ok
	if [[ $# -gt 0 ]]; then
		lines=("$@")
	else
		mapfile -t lines
	fi
	DIFF_SEQ=$((${DIFF_SEQ:-0} + 1))
	dir="$BATS_TEST_TMPDIR/diff$DIFF_SEQ"
	mkdir -p "$dir"
	_build_steps "$dir" "${lines[@]}" || return 1

	new_ns ns_p prod || return 1
	new_ns ns_n nft || return 1
	_run_impl product "$ns_p" "$dir/product" "$dir"
	_run_impl nft "$ns_n" "$dir/nft" "$dir"
	if cmp -s "$dir/product.txt" "$dir/nft.txt"; then
		return 0
	fi

	new_ns ns_l legacy || return 1
	_run_impl legacy "$ns_l" "$dir/legacy" "$dir"
	mapfile -d $'\x1e' -t p <"$dir/product.txt"
	mapfile -d $'\x1e' -t n <"$dir/nft.txt"
	mapfile -d $'\x1e' -t l <"$dir/legacy.txt"
	mapfile -t t <"$dir/titles"
	for ((i = 0; i < ${#n[@]} || i < ${#p[@]}; i++)); do
		ok=0
		[[ ${p[i]-} == "${n[i]-}" ]] && ok=1
		[[ ${p[i]-} == "${l[i]-}" ]] && ok=1
		[[ $ok == 1 ]] && continue
		bad=1
		echo "######## MISMATCH at step $((i + 1)): ${t[i]-}"
		echo "######## (equals neither iptables-nft nor iptables-legacy)"
		_show_block_diff "iptables-nft" "${n[i]-}" "${p[i]-}"
		if [[ ${n[i]-} != "${l[i]-}" ]]; then
			_show_block_diff "iptables-legacy" "${l[i]-}" "${p[i]-}"
		fi
	done
	if [[ $bad == 1 ]]; then
		echo "######## full command sequence:"
		sed 's/^/  /' "$dir/titles"
		return 1
	fi
	return 0
}

# diff_restore FILE [RESTORE-ARGS...]: feed FILE to both restores, compare
# output and exit code, then the resulting -S / save / save -c.
diff_restore() {
	local line
	line="@restore$(printf ' %q' "$@")"
	diff_cmds "$line"
}

# mkinput [NAME]: write stdin to $BATS_TEST_TMPDIR/NAME (default
# input.rules) and set INPUT to its path.
mkinput() {
	INPUT="$BATS_TEST_TMPDIR/${1:-input.rules}"
	cat >"$INPUT"
}

# ---------------------------------------------------------------------------
# Product-only helpers (no oracle).

# prod NS ipt|save|restore ARGS...: run a product program in namespace NS
# (stdin inherited; argv[0] the bare program name; killed after
# $BPFIPT_CMD_TIMEOUT seconds, default 60).
prod() {
	local ns=$1 kind=$2 prog
	shift 2
	case $kind in
	ipt) prog=$PROD_IPT ;;
	save) prog=$PROD_SAVE ;;
	restore) prog=$PROD_RESTORE ;;
	*)
		echo "prod: unknown program kind $kind" >&2
		return 1
		;;
	esac
	ip netns exec "$ns" timeout -k 5 "${BPFIPT_CMD_TIMEOUT:-60}" \
		bash -c 'p=$1; shift; exec -a "${p##*/}" "$p" "$@"' prod "$prog" "$@"
}

# strip_comments: drop the '#' header/trailer lines of save output.
strip_comments() { grep -v '^#' || true; }

# roundtrip FILE: (1) restore FILE with --counters into the product and
# into iptables, compare (diff_cmds); (2) product save -c | product
# restore -c into a fresh namespace, save again: byte-identical apart from
# the '#' comment lines, with and without counters.
roundtrip() {
	local file=$1 f ns1 ns2 rc
	f=$file
	[[ $f == /* ]] || f="$BPFIPT_DATA/restore/$f"
	diff_cmds "@restore $(printf %q "$f") --counters" || return 1

	new_ns ns1 rt || return 1
	new_ns ns2 rt || return 1
	local d="$BATS_TEST_TMPDIR/roundtrip"
	mkdir -p "$BATS_TEST_TMPDIR/run2"
	mkdir -p "$d"
	rc=0
	prod "$ns1" restore --counters <"$f" >"$d/r1.out" 2>&1 || rc=$?
	if [[ $rc != 0 ]]; then
		echo "roundtrip: product restore of $file failed (exit $rc):"
		cat "$d/r1.out"
		return 1
	fi
	prod "$ns1" save -c >"$d/s1.c" || return 1
	prod "$ns1" save >"$d/s1" || return 1
	rc=0
	BPF_IPTABLES_RUNDIR="$BATS_TEST_TMPDIR/run2" \
		prod "$ns2" restore --counters <"$d/s1.c" >"$d/r2.out" 2>&1 || rc=$?
	if [[ $rc != 0 ]]; then
		echo "roundtrip: product restore of its own save output failed (exit $rc):"
		cat "$d/r2.out"
		return 1
	fi
	BPF_IPTABLES_RUNDIR="$BATS_TEST_TMPDIR/run2" prod "$ns2" save -c >"$d/s2.c" || return 1
	BPF_IPTABLES_RUNDIR="$BATS_TEST_TMPDIR/run2" prod "$ns2" save >"$d/s2" || return 1
	if ! diff -u --label "save -c (first)" --label "save -c (after save|restore)" \
		<(strip_comments <"$d/s1.c") <(strip_comments <"$d/s2.c"); then
		return 1
	fi
	if ! diff -u --label "save (first)" --label "save (after save|restore)" \
		<(strip_comments <"$d/s1") <(strip_comments <"$d/s2"); then
		return 1
	fi
	local want got
	want=$(grep -cE '^(\[[0-9]+:[0-9]+\] )?-A ' "$f" || true)
	got=$(grep -cE '^-A ' "$d/s1" || true)
	if [[ $want -ne $got ]]; then
		echo "roundtrip: $file has $want rules, the product's save has $got"
		return 1
	fi
}

# _state NS: the comparable state of a product namespace.
_state() {
	local rc=0
	prod "$1" ipt -S 2>&1 || rc=$?
	echo "exit $rc"
	prod "$1" save -c 2>&1 | strip_comments
}

# _unsupported_check NAME RC ERRFILE BEFORE AFTER WHAT
_unsupported_check() {
	local name=$1 rc=$2 err=$3 before=$4 after=$5 what=$6
	if [[ $rc != 2 ]]; then
		echo "unsupported ($name): expected exit 2, got $rc: $what"
		echo "stderr:"
		cat "$err"
		return 1
	fi
	if [[ ! -s $err ]]; then
		echo "unsupported ($name): stderr is empty: $what"
		return 1
	fi
	if ! grep -qiF -- "$name" "$err"; then
		echo "unsupported ($name): stderr does not mention '$name': $what"
		echo "stderr:"
		cat "$err"
		return 1
	fi
	if [[ $before != "$after" ]]; then
		echo "unsupported ($name): ruleset changed by: $what"
		diff -u --label before --label after <(echo "$before") <(echo "$after")
		return 1
	fi
}

# _unsupported_ns: a product namespace with a small ruleset in it, so that
# "nothing changed" is checked against something non-trivial.
_unsupported_ns() {
	local -n _uns=$1
	new_ns _uns unsup || return 1
	prod "$_uns" ipt -N keep &&
		prod "$_uns" ipt -A keep -s 198.18.0.1 -j ACCEPT &&
		prod "$_uns" ipt -A INPUT -p tcp --dport 22 -j keep || {
		echo "unsupported: cannot build the base ruleset in the product"
		return 1
	}
}

# assert_unsupported NAME [LINE...]: every LINE (iptables arguments, shell
# quoting; read from stdin when none are given) must exit 2 with a non-empty stderr that mentions NAME, and
# leave -S and save output unchanged. No oracle: iptables accepts these.
assert_unsupported() {
	local name=$1 line ns before after rc err="$BATS_TEST_TMPDIR/unsup.err"
	local -a args lines
	shift
	if [[ $# -eq 0 ]]; then
		mapfile -t lines
		set -- "${lines[@]}"
	fi
	if [[ $# -eq 0 ]]; then
		echo "assert_unsupported: no command lines given"
		return 1
	fi
	_unsupported_ns ns || return 1
	before=$(_state "$ns")
	for line in "$@"; do
		[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
		args=()
		eval "args=($line)"
		rc=0
		prod "$ns" ipt "${args[@]}" </dev/null >/dev/null 2>"$err" || rc=$?
		after=$(_state "$ns")
		_unsupported_check "$name" "$rc" "$err" "$before" "$after" "iptables $line" || return 1
	done
}

# assert_unsupported_restore NAME FILE [ARGS...]: same for a restore input.
assert_unsupported_restore() {
	local name=$1 file=$2 ns before after rc err="$BATS_TEST_TMPDIR/unsup.err"
	shift 2
	_unsupported_ns ns || return 1
	before=$(_state "$ns")
	rc=0
	prod "$ns" restore "$@" <"$file" >/dev/null 2>"$err" || rc=$?
	after=$(_state "$ns")
	_unsupported_check "$name" "$rc" "$err" "$before" "$after" \
		"restore $* < $file: $(tr '\n' '|' <"$file")"
}
