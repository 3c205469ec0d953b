// SPDX-License-Identifier: GPL-2.0-only
/* Removing a namespace's dataplane: detach from every interface and from
 * the cgroup root, forget the record. The programs and maps go when the
 * last attachment and descriptor do. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp.h"

int dp_teardown(const char *state_dir, struct xt_err *err)
{
	char path[4200];
	struct stat self;

	/* By name and handle, not by the record: what a stale or lost record
	 * no longer names goes too. */
	dp_detach_all();
	if (stat("/proc/self/ns/net", &self) == 0)
		dp_cgroup_detach_netns(self.st_ino);
	snprintf(path, sizeof(path), "%s/dataplane", state_dir);
	if (unlink(path) < 0 && errno != ENOENT)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot remove %s", path);
	return 0;
}
