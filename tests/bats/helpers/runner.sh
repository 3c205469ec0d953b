#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs inside one network namespace: executes the steps of a differential
# case against one implementation and records, per step N, N.out, N.err
# and N.rc in OUTDIR.
#
# usage: runner.sh OUTDIR STEPFILE      (env: IPT SAVE RESTORE)
#
# STEPFILE is sourced; each line is `step KIND ARGS...` with shell-quoted
# ARGS. KIND: ipt (the iptables command), save, restore (first ARG is the
# file fed on stdin), help (like ipt, but the help text itself is not
# compared: only whether stdout is empty, see diff.bash).
set -u
out=$1
n=0

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
	# argv[0] is the bare program name, as when run from PATH: getopt
	# messages and multicall dispatch depend on it.
	(exec -a "${prog##*/}" "$prog" "$@") <"$in" >"$out/$n.out" 2>"$out/$n.err"
	echo $? >"$out/$n.rc"
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
