// SPDX-License-Identifier: GPL-2.0-only
/* Removing a namespace's dataplane: detach from every interface and from
 * the cgroup root, forget the record. The programs and maps go when the
 * last attachment and descriptor do. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <unistd.h>

#include "dp.h"

int dp_teardown(const char *state_dir, struct xt_err *err)
{
	char path[4200];
	struct if_nameindex *ifs;
	struct dp dp;

	if (dp_open(&dp, state_dir) < 0)
		return 0;
	ifs = if_nameindex();
	if (!ifs) {
		dp_close(&dp);
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot list interfaces");
	}
	for (struct if_nameindex *i = ifs; i->if_index; i++)
		dp_detach_ifindex(&dp, (int)i->if_index);
	if_freenameindex(ifs);
	dp_cgroup_detach(&dp);
	dp_close(&dp);
	snprintf(path, sizeof(path), "%s/dataplane", state_dir);
	if (unlink(path) < 0 && errno != ENOENT)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot remove %s", path);
	return 0;
}
