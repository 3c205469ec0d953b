# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# usage_from_header SCRIPT: print SCRIPT's header comment from its
# "# usage:" line to the end of the comment block on stderr, and exit 2.
# The e2e scripts keep their usage text in one place, their header.
usage_from_header() {
	awk '/^# usage:/ { on = 1 } on && !/^#/ { exit } on { sub(/^# ?/, ""); print }' \
		"$1" >&2
	exit 2
}
