// SPDX-License-Identifier: GPL-2.0-only
/* bpf-iptables --spare-stop and --spare-status: the keeper of spare
 * dataplanes (spare_keeper.c) seen from the command line. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "dataplane/dp_spare.h"
#include "spare_keeper.h"
#include "state.h"

int spare_stop_main(void)
{
	struct dp_spare_req req = {.magic = DP_SPARE_MAGIC, .op = DP_SPARE_QUIT, .build = dp_build_id()};
	struct dp_spare_reply rep;
	const char *root = state_root();
	char path[4200];
	int fd;

	dp_spare_ask(root, &req, &rep);
	dp_spare_path(root, DP_SPARE_LOCK, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	/* Gone when its lock is free: a second at most. */
	for (int i = 0; i < 200; i++) {
		if (flock(fd, LOCK_SH | LOCK_NB) == 0)
			break;
		usleep(10000);
	}
	close(fd);
	return 0;
}

int spare_status_main(void)
{
	struct dp_spare_req req = {.magic = DP_SPARE_MAGIC, .op = DP_SPARE_STATUS, .build = dp_build_id()};
	struct dp_spare_reply rep = {0};

	if (dp_spare_ask(state_root(), &req, &rep) < 0) {
		puts("keeper none");
		return 1;
	}
	printf("spares %u\n", rep.n_spares);
	for (int p = 0; rep.n_spares && p < DP_N_PROGS; p++)
		if (rep.ids.prog_id[p])
			printf("%u\n", rep.ids.prog_id[p]);
	return 0;
}
