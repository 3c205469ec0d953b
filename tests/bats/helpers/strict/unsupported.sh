# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced by the legacy-strict wrappers (BPFIPT_IMPL=legacy-strict): the
# names that bpf-iptables refuses with exit 2. Harness self-test only.
UNSUPPORTED_TABLES="nat mangle raw security"
UNSUPPORTED_MATCHES="conntrack state iprange mac limit length ttl pkttype addrtype mark recent"

# refuse_args ARGS...: exit 2 naming the first unsupported table or match.
# TABLE_OPT is the short table option: -t for iptables (default), -T for
# iptables-restore's own arguments (where -t means --test).
refuse_args() {
	local prev= a t topt=${TABLE_OPT:--t}
	for a in "$@"; do
		t=
		case $prev in
		"$topt" | --table) t=$a ;;
		-m | --match)
			if [[ " $UNSUPPORTED_MATCHES " == *" $a "* ]]; then
				echo "$PROG v0.0.0 (strict): match \`$a' is not supported" >&2
				exit 2
			fi
			;;
		esac
		case $a in
		--table=*) t=${a#--table=} ;;
		"$topt"?*) t=${a#"$topt"} ;;
		--match=*)
			if [[ " $UNSUPPORTED_MATCHES " == *" ${a#--match=} "* ]]; then
				echo "$PROG v0.0.0 (strict): match \`${a#--match=}' is not supported" >&2
				exit 2
			fi
			;;
		esac
		if [[ -n $t && $t != filter ]]; then
			echo "$PROG v0.0.0 (strict): table \`$t' is not supported" >&2
			exit 2
		fi
		prev=$a
	done
}
