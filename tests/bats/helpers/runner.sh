#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs inside one network namespace: executes the steps of a differential
# case against one implementation and records, per step N, N.out, N.err
# and N.rc in OUTDIR.
#
# usage: runner.sh OUTDIR STEPFILE      (env: IPT SAVE RESTORE, optional
#        BPFIPT_CMD_TIMEOUT seconds per command, default 60)
#
# STEPFILE is sourced; each line is `step KIND ARGS...` with shell-quoted
# ARGS. KIND: ipt (the iptables command), save, restore (first ARG is the
# file fed on stdin), help (like ipt, but the help text itself is not
# compared: only whether stdout is empty, see diff.bash).
set -u
out=$1
n=0
# Each program is reached through a symlink named like the program, in a
# directory put first on PATH: argv[0] is then the bare name (as when run
# from PATH; getopt messages and multicall dispatch depend on it) and the
# command can run under timeout(1), so that a hanging program fails its
# case instead of stalling the suite.
bin="$out/bin"
mkdir -p "$bin"
for p in "$IPT" "$SAVE" "$RESTORE"; do
	ln -sf "$(command -v "$p")" "$bin/${p##*/}"
done
PATH="$bin:$PATH"
limit=${BPFIPT_CMD_TIMEOUT:-60}

step() {
	local kind=$1 in=/dev/null prog
	shift
	n=$((n + 1))
	case $kind in
	ipt | help) prog=$IPT ;;
	save) prog=$SAVE ;;
	restore)
		prog=$RESTORE
		in=$1
		shift
		;;
	*)
		echo "runner: unknown step kind '$kind'" >&2
		exit 99
		;;
	esac
	timeout -k 5 "$limit" "${prog##*/}" "$@" <"$in" >"$out/$n.out" 2>"$out/$n.err"
	echo $? >"$out/$n.rc"
	if [[ $(<"$out/$n.rc") == 124 ]]; then
		echo "(runner: killed after ${limit}s)" >>"$out/$n.err"
	fi
	if [[ $kind == help ]]; then
		if [[ -s $out/$n.out ]]; then
			echo "(help text on stdout)"
		else
			echo "(stdout EMPTY, help text expected)"
		fi >"$out/$n.out"
	fi
}

# shellcheck disable=SC1090
source "$2"
echo "$n" >"$out/count"
