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

# counters_strip: the save lines without their counters, for lining the
# two sides up.
counters_strip() {
	sed -E -e 's/^\[[0-9]+:[0-9]+\] //' -e 's/ \[[0-9]+:[0-9]+\]$//'
}

# counters_compare SEED NF_SAVE IMPL_SAVE: compares the normalised save
# outputs (chain lines carry the policy counters, rule lines the rule
# counters). When the two list the same rules, each differing line is
# reported with both counters; otherwise (a rule printed differently, one
# missing) as a diff, each differing line a mismatch, the contract being
# the same save output as iptables.
counters_compare() {
	local seed=$1 a b line nf=0 impl=0
	COMPARE_MISMATCHES=0
	a=$(counters_normalise <"$2")
	b=$(counters_normalise <"$3")
	if [[ $(counters_strip <<<"$a") == "$(counters_strip <<<"$b")" ]]; then
		while IFS=$'\t' read -r nf impl; do
			[[ $nf == "$impl" ]] && continue
			COMPARE_MISMATCHES=$((COMPARE_MISMATCHES + 1))
			printf 'MISMATCH seed %s counters of "%s": nf=%s impl=%s\n' "$seed" \
				"$(counters_strip <<<"$nf")" "$(counter_of "$nf")" "$(counter_of "$impl")"
		done < <(paste <(echo "$a") <(echo "$b"))
		return
	fi
	while IFS= read -r line; do
		case $line in
		"<"*) nf=$((nf + 1)) ;;
		">"*) impl=$((impl + 1)) ;;
		*) continue ;;
		esac
		printf 'MISMATCH seed %s save: %s %s\n' "$seed" \
			"$([[ $line == "<"* ]] && echo nf:  || echo impl:)" "${line:2}"
	done < <(diff <(echo "$a") <(echo "$b"))
	COMPARE_MISMATCHES=$((nf > impl ? nf : impl))
}

# counter_of LINE: the "[packets:bytes]" of a save line.
counter_of() {
	grep -oE '\[[0-9]+:[0-9]+\]' <<<"$1" || echo "none"
}
