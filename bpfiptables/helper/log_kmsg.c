// SPDX-License-Identifier: GPL-2.0-only
/* Where LOG lines go, and whether they go anywhere: the kernel log via
 * /dev/kmsg, and the namespace test netfilter applies before logging. */
#define _GNU_SOURCE /* setns */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log_format.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* Since Linux 6.18 the initial network namespace has this fixed inode
 * number in nsfs; other namespaces are numbered from 0xF0000000 up, so
 * the number never names another namespace on older kernels either. */
#define NET_NS_INIT_INODE 0xEFFFFFF9u

int log_write(const char *line, unsigned level)
{
	char buf[LOG_LINE_MAX + 8];
	int fd, n;
	ssize_t w;

	if (level > 7)
		return -EINVAL;
	n = snprintf(buf, sizeof(buf), "<%u>%s\n", level, line);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -EMSGSIZE;
	/* A fresh open per line: the kernel rate-limits writes to /dev/kmsg
	 * per open file (10 lines in 5 s unless kernel.printk_devkmsg=on)
	 * and drops the excess silently, while netfilter's own lines are not
	 * rate-limited. */
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	w = write(fd, buf, (size_t)n);
	n = w < 0 ? -errno : 0;
	close(fd);
	return n;
}

int log_netns_is_init(void)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);
	struct stat st;
	int fd, ret;

	/* thread-self: namespaces are per thread, and log_netfilter_logs()
	 * asks from a thread that entered another one. */
	if (stat("/proc/thread-self/ns/net", &st) == 0 && st.st_ino == NET_NS_INIT_INODE)
		return 1;
	/* Before 6.18 the initial namespace had no fixed inode, but it was
	 * the first one created and so had netns cookie 1. From 6.18 on the
	 * cookie is the namespace id, shared with every other kind of
	 * namespace, and the low ids belong to the initial namespaces (the
	 * initial network namespace has 3 on 6.18): no other network
	 * namespace has cookie 1, and the initial one was caught above. */
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) ? -errno : cookie == 1;
	close(fd);
	/* Kernels before 5.14 have no cookie: say so rather than guess. */
	return ret == -ENOPROTOOPT ? -EOPNOTSUPP : ret;
}

/* The first line of a small file as an unsigned number. */
static int read_uint(const char *path, unsigned *val)
{
	FILE *f = fopen(path, "re");
	int ret;

	if (!f)
		return -errno;
	ret = fscanf(f, "%u", val) == 1 ? 0 : -EINVAL;
	fclose(f);
	return ret;
}

struct init_probe {
	int ns_fd;
	int ret;
};

/* Runs in its own thread: setns() moves only the calling thread, so the
 * caller's threads stay where they were. */
static void *probe_init_netns(void *arg)
{
	struct init_probe *p = arg;
	unsigned all = 0;

	if (setns(p->ns_fd, CLONE_NEWNET)) {
		p->ret = -errno;
		return NULL;
	}
	p->ret = log_netns_is_init();
	if (p->ret == 0)
		p->ret = -ENOENT; /* PID 2 is not the kernel's kthreadd */
	if (p->ret != 1)
		return NULL;
	p->ret = read_uint("/proc/sys/net/netfilter/nf_log_all_netns", &all);
	if (p->ret == 0)
		p->ret = all != 0;
	return NULL;
}

int log_netfilter_logs(void)
{
	struct init_probe p = {.ret = -EIO};
	pthread_t t;
	int ret = log_netns_is_init();

	if (ret != 0)
		return ret;
	/* Kernel threads never leave the initial namespace; kthreadd is PID
	 * 2 in the initial PID namespace. The thread checks that it did
	 * land in the initial network namespace. */
	p.ns_fd = open("/proc/2/ns/net", O_RDONLY | O_CLOEXEC);
	if (p.ns_fd < 0)
		return -errno;
	ret = pthread_create(&t, NULL, probe_init_netns, &p);
	if (ret == 0)
		pthread_join(t, NULL);
	close(p.ns_fd);
	return ret ? -ret : p.ret;
}
