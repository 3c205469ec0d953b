// SPDX-License-Identifier: GPL-2.0-only
/* Background processes of this binary (spawn_detached.h). fork, not
 * posix_spawn: the caller goes on at once, where posix_spawn waits for
 * the exec (half a millisecond here). */
#define _GNU_SOURCE /* close_range */
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "spawn_detached.h"

void spawn_detached(char *const argv[], int hold_fd)
{
	sigset_t none;
	int null;

	if (fork() != 0)
		return;
	/* A mask survives exec: the helper, which spawns its successor
	 * (table_service.c), blocks SIGTERM. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* No terminal, nothing of the caller's: a pipe it was given would
	 * stay open as long as the process lives, and its reader wait. */
	setsid();
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	/* dup2 onto itself would keep the close-on-exec flag. */
	if (hold_fd == 3 ? fcntl(3, F_SETFD, 0) < 0 : hold_fd >= 0 && dup2(hold_fd, 3) < 0)
		_exit(1);
	close_range(hold_fd >= 0 ? 4 : 3, ~0u, 0);
	execv("/proc/self/exe", argv);
	_exit(1);
}
