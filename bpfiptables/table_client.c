// SPDX-License-Identifier: GPL-2.0-only
#include "table_client.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "table_wire.h"

/* Asking the helper costs two wake-ups of a sleeping process, 0.1 to
 * 0.6 ms on the machine we measure on (docs/PERFORMANCE.md); reading the
 * table costs about 0.5 ms a MiB of table file. Below this size the
 * command is faster on its own. */
#define HELPER_MIN_TABLE (1024 * 1024)

static bool table_is_large(const struct state *st)
{
	struct stat sb;

	return stat(st->table_path, &sb) == 0 && sb.st_size >= HELPER_MIN_TABLE;
}

/* BPF_IPTABLES_HELPER_UPDATES: 0 never, 1 always, else by the table's
 * size. */
static bool wanted(const struct state *st, const struct xt_cmd *cmd)
{
	const char *env = getenv("BPF_IPTABLES_HELPER_UPDATES");

	if (!wire_may_hand_over(cmd))
		return false;
	if (env && strcmp(env, "0") == 0)
		return false;
	return (env && strcmp(env, "1") == 0) || table_is_large(st);
}

static void answer_timeout(int fd, int ms)
{
	struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static int helper_connect(const struct state *st)
{
	struct sockaddr_un sa;
	int fd;

	if (!wire_sockaddr(st->dir, &sa))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (const struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0)
		answer_timeout(fd, WIRE_ANSWER_MS);
	return fd;
}

static void request(struct strbuf *body, const struct xt_cmd *cmd, int argc, char **argv)
{
	struct wire_request rq = {.digest = wire_digest(cmd), .argc = (uint32_t)argc};

	wire_exe_self(&rq.exe);
	sb_write(body, (const char *)&rq, sizeof(rq));
	for (int i = 0; i < argc; i++)
		sb_write(body, argv[i], strlen(argv[i]) + 1);
}

/* The helper's result into the caller's buffers; -1 when malformed. */
static int take_result(const struct strbuf *body, struct strbuf *out, struct strbuf *warn,
		       struct xt_err *err, int *ret)
{
	struct wire_result rs;

	if (body->len < sizeof(rs))
		return -1;
	memcpy(&rs, body->buf, sizeof(rs));
	if ((size_t)rs.out_len + rs.warn_len != body->len - sizeof(rs))
		return -1;
	rs.err.msg[sizeof(rs.err.msg) - 1] = '\0';
	*ret = rs.ret;
	*err = rs.err;
	sb_write(out, body->buf + sizeof(rs), rs.out_len);
	sb_write(warn, body->buf + sizeof(rs) + rs.out_len, rs.warn_len);
	return 0;
}

bool table_client_run(const struct state *st, const struct xt_cmd *cmd, int argc, char **argv,
		      struct strbuf *out, struct strbuf *warn, struct xt_err *err, int *ret)
{
	const uint32_t go = WIRE_GO;
	struct strbuf body;
	uint32_t answer;
	bool ran = false;
	int fd;

	if (!wanted(st, cmd) || (fd = helper_connect(st)) < 0)
		return false;
	sb_init(&body);
	request(&body, cmd, argc, argv);
	/* Not sent, no answer in time (a helper on its way out closes the
	 * connections it never took up; a stopped one never answers) or no
	 * go sent: the helper changes nothing, the command runs here. */
	if (wire_send_msg(fd, WIRE_REQUEST_MAGIC, &body) < 0 ||
	    wire_recv(fd, &answer, sizeof(answer)) < 0 || answer != WIRE_TAKEN ||
	    wire_send(fd, &go, sizeof(go)) < 0)
		goto out;
	ran = true;
	answer_timeout(fd, 0); /* the helper is at work: its result is waited for */
	if (wire_recv_msg(fd, WIRE_RESULT_MAGIC, &body) < 0 ||
	    take_result(&body, out, warn, err, ret) < 0)
		*ret = xt_fail(err, XT_OTHER_PROBLEM,
			       "the namespace's helper stopped while it ran the command; "
			       "see what it changed with -S");
out:
	sb_free(&body);
	close(fd);
	return ran;
}
