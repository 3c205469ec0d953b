# SPDX-License-Identifier: GPL-2.0-only
#
# Builds the comparable transcript of one run of runner.sh:
#   awk -v dir=OUTDIR -v titles=TITLEFILE -f transcript.awk
# One block per step, each block terminated by the byte 0x1e so that the
# harness can split it again (mapfile -d). A missing final newline in an
# output is made visible, since byte equality is the contract.

function slurp(f,    d, r) {
	d = ""
	r = (getline d < f)
	close(f)
	return r > 0 ? d : ""
}

function show(d) {
	if (d == "")
		return ""
	if (substr(d, length(d)) != "\n")
		d = d "\n\\ (no newline at end of output)\n"
	return d
}

BEGIN {
	RS = "\001"
	nt = split(slurp(titles), title, "\n")
	count = slurp(dir "/count") + 0
	if (count == 0)
		printf "=== runner produced no steps (crashed?)\n\036"
	for (i = 1; i <= count; i++) {
		rc = slurp(dir "/" i ".rc")
		sub(/\n$/, "", rc)
		printf "=== step %d: %s\nexit %s\n--- stdout\n%s--- stderr\n%s\036", \
			i, title[i], rc, show(slurp(dir "/" i ".out")), show(slurp(dir "/" i ".err"))
	}
}
