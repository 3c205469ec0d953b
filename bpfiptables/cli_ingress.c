// SPDX-License-Identifier: GPL-2.0-only
/* bpf-iptables --ingress xdp|tc: the hook that classifies arriving
 * packets (INPUT, FORWARD) in this namespace. TC, the default, sees
 * packets as netfilter does (after GRO); XDP sees frames earlier and
 * cheaper (docs/COMPATIBILITY.md says what differs). Kept with the rule
 * table; a dataplane already running is rebuilt on the new hook at once,
 * its counters carried over. */
#include <string.h>

#include "enforce.h"
#include "frontend.h"
#include "state.h"

int ingress_main(const char *mode)
{
	bool xdp = strcmp(mode, "xdp") == 0;
	struct enforce en = {0};
	struct ruleset *rs = NULL;
	struct xt_err err;
	struct state st;
	struct dp dp;
	int ret = -1;

	xt_err_clear(&err);
	if (!xdp && strcmp(mode, "tc") != 0) {
		xt_fail(&err, XT_PARAMETER_PROBLEM, "--ingress takes `xdp' or `tc', not `%s'", mode);
		return fail_with(PROG_IPTABLES, &err);
	}
	if (state_open(&st, true, &err) < 0 || state_lock(&st, 0, &err) < 0)
		return fail_with(PROG_IPTABLES, &err);
	if (dp_ingress_set(st.dir, xdp, &err) < 0)
		goto out;
	ret = 0;
	if (dp_open(&dp, st.dir) < 0)
		goto out; /* the first dataplane will be of this kind */
	dp_close(&dp);
	rs = state_load(&st, &err);
	ret = rs ? enforce_apply(&en, &st, rs, &err) : -1;
	enforce_done(&en);
	ruleset_free(rs);
out:
	state_unlock(&st);
	return ret < 0 ? fail_with(PROG_IPTABLES, &err) : 0;
}
