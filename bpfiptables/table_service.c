// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* accept4, struct ucred */
#include "table_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "command.h"
#include "frontend.h"
#include "table_wire.h"
#include "../translator/exec.h"

/* Commands on one reading of the table: a rule deleted from it keeps its
 * room in the table's arena until the table is read again. */
#define SERVED_MAX 1024

int table_service_open(struct table_service *ts, const char *dir)
{
	struct sockaddr_un *sa = &ts->addr;
	int fd;

	memset(ts, 0, sizeof(*ts));
	ts->listen_fd = -1;
	snprintf(ts->dir, sizeof(ts->dir), "%s", dir);
	if (!wire_sockaddr(dir, sa))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* Only one helper runs per namespace (its pid file's lock): a
	 * socket left here is a dead one's. */
	unlink(sa->sun_path);
	if (bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0 || chmod(sa->sun_path, 0600) < 0 ||
	    listen(fd, 16) < 0) {
		close(fd);
		return -1;
	}
	ts->listen_fd = fd;
	return 0;
}

static void forget_table(struct table_service *ts)
{
	ruleset_free(ts->rs);
	ts->rs = NULL;
	ts->served = 0;
}

void table_service_stop(struct table_service *ts)
{
	if (ts->listen_fd >= 0) {
		unlink(ts->addr.sun_path);
		close(ts->listen_fd);
	}
	ts->listen_fd = -1;
}

void table_service_close(struct table_service *ts)
{
	table_service_stop(ts);
	forget_table(ts);
}

/* Only our own user's commands (root's): the directory is 0700 too. */
static bool peer_is_us(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.uid == geteuid();
}

/* The command line of a request, parsed into cmd; false when it is not
 * one to run here (the sender then runs it itself). */
static bool parse_request(const struct strbuf *body, struct xt_cmd *cmd, struct strbuf *warn)
{
	struct cmd_parse_opts opts = {.restore = false, .prog = PROG_IPTABLES};
	struct wire_request rq;
	struct wire_exe self;
	struct xt_err err;
	char **argv;
	const char *p, *end = body->buf + body->len;
	bool ok;

	if (body->len < sizeof(rq))
		return false;
	memcpy(&rq, body->buf, sizeof(rq));
	if (wire_exe_self(&self) < 0 || !wire_exe_equal(&self, &rq.exe) || rq.argc < 1 ||
	    rq.argc > body->len)
		return false;
	argv = calloc(rq.argc + 1, sizeof(*argv));
	if (!argv)
		return false;
	p = body->buf + sizeof(rq);
	for (uint32_t i = 0; i < rq.argc; i++) {
		const char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;

		if (!nul) {
			free(argv);
			return false;
		}
		argv[i] = (char *)p;
		p = nul + 1;
	}
	argv[0] = PROG_IPTABLES;
	xt_err_clear(&err);
	ok = p == end && cmd_parse((int)rq.argc, argv, &opts, cmd, warn, &err) == 0 &&
	     wire_may_hand_over(cmd) &&
	     wire_digest(cmd) == rq.digest && exec_check_table(cmd->table, &err) == 0;
	free(argv); /* cmd holds copies of what it keeps */
	return ok;
}

/* The table as the file holds it: the one in memory while the file is
 * still what it was when read or written here. */
static struct ruleset *table_for(struct table_service *ts, struct state *st, struct xt_err *err)
{
	struct state_table_id now;

	if (ts->rs && ts->served < SERVED_MAX && state_table_id(st, &now) == 0 &&
	    state_table_id_equal(&now, &ts->id)) {
		st->loaded = ts->loaded;
		st->loaded_size = ts->loaded_size;
		st->file = ts->file;
		return ts->rs;
	}
	forget_table(ts);
	return state_load(st, err);
}

static void keep_table(struct table_service *ts, struct state *st, struct ruleset *rs)
{
	ts->rs = rs;
	ts->served++;
	if (state_table_id(st, &ts->id) < 0) {
		forget_table(ts);
		return;
	}
	ts->loaded = st->loaded;
	ts->loaded_size = st->loaded_size;
	ts->file = st->file;
}

static void answer(int fd, int ret, const struct xt_err *err, const struct strbuf *out,
		   const struct strbuf *warn)
{
	struct wire_result rs = {.ret = ret, .err = *err, .out_len = (uint32_t)out->len,
				 .warn_len = (uint32_t)warn->len};
	struct strbuf body;

	sb_init(&body);
	sb_write(&body, (const char *)&rs, sizeof(rs));
	sb_write(&body, out->buf, out->len);
	sb_write(&body, warn->buf, warn->len);
	wire_send_msg(fd, WIRE_RESULT_MAGIC, &body);
	sb_free(&body);
}

/* Under the table's lock, which a command may hold for long: the helper
 * never waits for it, the command that finds it taken waits itself. */
static void serve(struct table_service *ts, int fd, struct xt_cmd *cmd)
{
	const uint32_t taken = WIRE_TAKEN, declined = WIRE_DECLINED;
	uint32_t go = 0;
	struct strbuf out, warn;
	struct xt_err err;
	struct ruleset *rs;
	struct state st;
	int ret;

	state_at(&st, ts->dir);
	if (state_lock_try(&st) != 0) {
		state_unlock(&st);
		wire_send(fd, &declined, sizeof(declined));
		return;
	}
	/* Without the go, the command has given up on this helper and runs
	 * itself (table_wire.h). */
	if (wire_send(fd, &taken, sizeof(taken)) < 0 || wire_recv(fd, &go, sizeof(go)) < 0 ||
	    go != WIRE_GO) {
		state_unlock(&st);
		return;
	}
	sb_init(&out);
	sb_init(&warn);
	memset(&err, 0, sizeof(err));
	xt_err_clear(&err);
	cmd->warn = &warn;
	rs = table_for(ts, &st, &err);
	ret = command_on_table(&st, cmd, rs, &out, &err);
	if (ret == 0 && rs) {
		keep_table(ts, &st, rs);
	} else {
		if (rs != ts->rs)
			ruleset_free(rs);
		forget_table(ts);
	}
	state_unlock(&st);
	answer(fd, ret, &err, &out, &warn);
	sb_free(&out);
	sb_free(&warn);
}

void table_service_accept(struct table_service *ts)
{
	const uint32_t declined = WIRE_DECLINED;
	const struct timeval tv = {.tv_sec = 1};
	struct strbuf body, warn;
	struct xt_cmd cmd;
	int fd = accept4(ts->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	/* A command that stalls does not stall the helper. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	sb_init(&body);
	sb_init(&warn);
	memset(&cmd, 0, sizeof(cmd));
	if (peer_is_us(fd) && wire_recv_msg(fd, WIRE_REQUEST_MAGIC, &body) == 0) {
		if (parse_request(&body, &cmd, &warn))
			serve(ts, fd, &cmd);
		else
			wire_send(fd, &declined, sizeof(declined));
	}
	cmd_free(&cmd);
	sb_free(&body);
	sb_free(&warn);
	close(fd);
}
