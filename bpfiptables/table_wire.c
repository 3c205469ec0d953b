// SPDX-License-Identifier: GPL-2.0-only
#include "table_wire.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "command.h"
#include "../translator/hash.h"

int wire_exe_self(struct wire_exe *exe)
{
	struct stat sb;

	memset(exe, 0, sizeof(*exe));
	if (stat("/proc/self/exe", &sb) < 0)
		return -1;
	exe->dev = sb.st_dev;
	exe->ino = sb.st_ino;
	exe->size = (uint64_t)sb.st_size;
	exe->mtime_sec = sb.st_mtim.tv_sec;
	exe->mtime_nsec = sb.st_mtim.tv_nsec;
	return 0;
}

bool wire_exe_equal(const struct wire_exe *a, const struct wire_exe *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

bool wire_may_hand_over(const struct xt_cmd *cmd)
{
	/* A name the helper would look up again, maybe seeing other files
	 * (`ip netns exec` binds /etc/netns/NAME over /etc) and holding up
	 * every other command while the resolver answers. */
	return command_is_rule_update(cmd) && !cmd->src.by_name && !cmd->dst.by_name;
}

static uint64_t hash_opt_str(uint64_t h, const char *s)
{
	return s ? hash_str(hash_bytes(h, "s", 1), s) : hash_bytes(h, "-", 1);
}

static uint64_t hash_addrs(uint64_t h, const struct addr_list *l)
{
	uint64_t n = l->n;

	h = hash_bytes(h, &n, sizeof(n));
	h = hash_bytes(h, l->addr, l->n * sizeof(*l->addr));
	return hash_bytes(h, l->mask, l->n * sizeof(*l->mask));
}

uint64_t wire_digest(const struct xt_cmd *cmd)
{
	uint32_t words[7] = {cmd->command, cmd->options, cmd->rulenum, (uint32_t)cmd->verbose,
			     cmd->target_unsupported, cmd->defer_kernel_checks, cmd->restore};
	uint64_t h = hash_bytes(HASH_SEED, words, sizeof(words));

	h = hash_bytes(h, &cmd->pcnt, sizeof(cmd->pcnt));
	h = hash_bytes(h, &cmd->bcnt, sizeof(cmd->bcnt));
	h = hash_opt_str(h, cmd->table);
	h = hash_opt_str(h, cmd->chain);
	h = hash_opt_str(h, cmd->jumpto);
	h = hash_addrs(h, &cmd->src);
	h = hash_addrs(h, &cmd->dst);
	return cmd->rule ? rule_hash(cmd->rule, h) : h;
}

bool wire_sockaddr(const char *dir, struct sockaddr_un *sa)
{
	*sa = (struct sockaddr_un){.sun_family = AF_UNIX};
	return (size_t)snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/%s", dir, WIRE_SOCKET) <
	       sizeof(sa->sun_path);
}

/* All len bytes, over short transfers and signals. */
static int whole(int fd, char *p, size_t len, bool sending)
{
	while (len) {
		ssize_t n = sending ? send(fd, p, len, MSG_NOSIGNAL) : recv(fd, p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int wire_send(int fd, const void *buf, size_t len)
{
	return whole(fd, (char *)buf, len, true);
}

int wire_recv(int fd, void *buf, size_t len)
{
	return whole(fd, buf, len, false);
}

int wire_send_msg(int fd, uint32_t magic, const struct strbuf *body)
{
	struct wire_head h = {magic, (uint32_t)body->len};

	if (body->len > WIRE_MAX)
		return -1;
	return wire_send(fd, &h, sizeof(h)) < 0 ? -1 : wire_send(fd, body->buf, body->len);
}

int wire_recv_msg(int fd, uint32_t magic, struct strbuf *body)
{
	struct wire_head h;

	sb_reset(body);
	if (wire_recv(fd, &h, sizeof(h)) < 0 || h.magic != magic || h.len > WIRE_MAX)
		return -1;
	sb_reserve(body, h.len);
	if (wire_recv(fd, body->buf, h.len) < 0)
		return -1;
	body->len = h.len;
	body->buf[h.len] = '\0';
	return 0;
}
