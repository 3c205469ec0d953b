# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The two comparisons of diff-traffic.sh. Each prints one line per
# mismatch and sets COMPARE_MISMATCHES to their number.

# counters_normalise: a save -c output without its "# Generated/Completed"
# comment lines, which carry a date and the program's name.
counters_normalise() {
	grep -v '^#'
}

# outcomes_compare SEED PROBES NF_OUT IMPL_OUT: the three files have one
# line per probe, in the same order.
outcomes_compare() {
	local seed=$1 probe nf impl
	COMPARE_MISMATCHES=0
	while IFS=$'\t' read -r probe nf impl; do
		[[ $nf == "$impl" ]] && continue
		COMPARE_MISMATCHES=$((COMPARE_MISMATCHES + 1))
		printf 'MISMATCH seed %s probe "%s": nf=%s impl=%s\n' "$seed" "$probe" "$nf" "$impl"
	done < <(paste "$2" "$3" "$4")
}

# counters_compare SEED NF_SAVE IMPL_SAVE: compares the normalised save
# outputs line by line (chain lines carry the policy counters, rule lines
# the rule counters); a rule whose text differs counts as a mismatch too,
# the contract being the same save output as iptables.
counters_compare() {
	local seed=$1 line nf=0 impl=0
	COMPARE_MISMATCHES=0
	while IFS= read -r line; do
		case $line in
		"<"*) nf=$((nf + 1)) ;;
		">"*) impl=$((impl + 1)) ;;
		*) continue ;;
		esac
		printf 'MISMATCH seed %s counters: %s %s\n' "$seed" \
			"$([[ $line == "<"* ]] && echo nf:  || echo impl:)" "${line:2}"
	done < <(diff <(counters_normalise <"$2") <(counters_normalise <"$3"))
	COMPARE_MISMATCHES=$((nf > impl ? nf : impl))
}
