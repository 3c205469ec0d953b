// SPDX-License-Identifier: GPL-2.0-only
/* Wall time of commands, to a tenth of a millisecond: a shell's `date`
 * around a command adds its own fork and exec (a millisecond and more
 * on this VM), so the update figures of update-latency.sh are whole
 * milliseconds. The commands are forked and waited for from here, in
 * turn, REPS times; the median and the range of each are printed.
 *
 *   exec_time [-n REPS] [-p MS] -- CMD ARGS... [';;' CMD ARGS...]...
 *   exec_time [-n REPS] -f NS -- CMD ARGS... [';;' ...]
 *
 * -p MS waits MS milliseconds before each command: work the kernel
 * defers after a command (an iptables-nft -D of a 10,000-rule chain
 * leaves its transaction's cleanup to a workqueue) then does not land
 * on the one timed next.
 *
 * With -f, every repetition runs each command once as the first command
 * of a fresh network namespace NS (`ip netns add`, 0.3 s later the
 * command through `ip netns exec`, then bpf-iptables --teardown from
 * $BPFIPT_BIN, default build, and `ip netns del`): a namespace's first
 * restore. Output goes to /dev/null; a command that fails is reported. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CMDS 16
#define MAX_REPS 200

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int sh(const char *fmt, const char *a, const char *b)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return system(cmd);
}

/* One run of argv (through `ip netns exec ns` when ns); -1 on failure. */
static double run(char **argv, const char *ns)
{
	char *full[64];
	int n = 0, status;
	double t0;
	pid_t pid;

	if (ns) {
		full[n++] = "ip";
		full[n++] = "netns";
		full[n++] = "exec";
		full[n++] = (char *)ns;
	}
	for (int i = 0; argv[i] && n < 63; i++)
		full[n++] = argv[i];
	full[n] = NULL;
	t0 = now_ms();
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execvp(full[0], full);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return now_ms() - t0;
}

int main(int argc, char **argv)
{
	static double t[MAX_CMDS][MAX_REPS];
	char **cmds[MAX_CMDS];
	const char *ns = NULL, *bin = getenv("BPFIPT_BIN");
	int reps = 20, nc = 0, opt, pause_ms = 0;

	while ((opt = getopt(argc, argv, "n:f:p:")) != -1) {
		if (opt == 'n')
			reps = atoi(optarg);
		else if (opt == 'p')
			pause_ms = atoi(optarg);
		else if (opt == 'f')
			ns = optarg;
		else
			return 2;
	}
	if (optind >= argc || reps < 1 || reps > MAX_REPS) {
		fprintf(stderr, "usage: exec_time [-n REPS] [-p MS] [-f NS] -- CMD... [';;' CMD...]\n");
		return 2;
	}
	cmds[nc++] = &argv[optind];
	for (int i = optind; i < argc && nc < MAX_CMDS; i++) {
		if (strcmp(argv[i], ";;") == 0) {
			argv[i] = NULL;
			cmds[nc++] = &argv[i + 1];
		}
	}
	if (!bin)
		bin = "build";
	for (int r = 0; r < reps; r++) {
		for (int c = 0; c < nc; c++) {
			if (ns) {
				sh("ip netns add %s%s", ns, "");
				usleep(300000);
			}
			if (pause_ms > 0)
				usleep((useconds_t)pause_ms * 1000);
			t[c][r] = run(cmds[c], ns);
			if (ns) {
				sh("ip netns exec %s %s/bpf-iptables --teardown >/dev/null 2>&1", ns, bin);
				sh("ip netns del %s%s", ns, "");
			}
			if (t[c][r] < 0) {
				fprintf(stderr, "exec_time: %s failed\n", cmds[c][0]);
				return 1;
			}
		}
	}
	for (int c = 0; c < nc; c++) {
		qsort(t[c], reps, sizeof(double), cmp_double);
		printf("%8.2f ms  (%.2f..%.2f)  ", t[c][reps / 2], t[c][0], t[c][reps - 1]);
		for (int i = 0; cmds[c][i]; i++)
			printf("%s%s", i ? " " : "", cmds[c][i]);
		printf("\n");
	}
	return 0;
}
