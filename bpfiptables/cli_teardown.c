// SPDX-License-Identifier: GPL-2.0-only
/* bpf-iptables --teardown: detach and unload the namespace's dataplane,
 * stop its helper, and forget its rule table, under the table's lock. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dataplane/dp.h"
#include "frontend.h"
#include "resident.h"
#include "state.h"

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4400];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

int teardown_main(void)
{
	struct xt_err err;
	struct state st;

	xt_err_clear(&err);
	if (state_open(&st, false, &err) < 0)
		return 0; /* nothing was ever set up here */
	/* No state (never set up, or its directory removed): nothing to
	 * lock, but programs of ours may still hang on the hooks. */
	if (access(st.dir, F_OK) != 0)
		return dp_teardown(st.dir, &err) < 0 ? fail_with(PROG_IPTABLES, &err) : 0;
	if (state_lock(&st, 0, &err) < 0)
		return fail_with(PROG_IPTABLES, &err);
	resident_stop(st.dir);
	if (dp_teardown(st.dir, &err) < 0)
		return fail_with(PROG_IPTABLES, &err);
	remove_dir(st.dir);
	state_unlock(&st);
	return 0;
}
