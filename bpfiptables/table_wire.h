/* SPDX-License-Identifier: GPL-2.0-only */
/* What a command and its namespace's helper say over the helper's table
 * socket (table_client.c, table_service.c): the command line, and the
 * helper's answer. Stream socket, each message a head and its bytes:
 *
 *   request  head, struct wire_request, argv[0..argc) each with its NUL
 *   answer   u32 WIRE_DECLINED or WIRE_TAKEN (the helper holds the
 *            table's lock)
 *   go       u32 WIRE_GO: the command waits for the result from here on
 *   result   head, struct wire_result, stdout bytes, warning bytes
 *
 * The helper changes nothing before the go, and the command, without an
 * answer within WIRE_ANSWER_MS, closes and runs the command itself: the
 * command runs once, here or there.
 *
 * Both ends run the same build (wire_request.exe): the helper parses the
 * same words the same way, and the digest of what each end parsed must
 * agree before the helper touches the table. */
#ifndef BPFIPT_TABLE_WIRE_H
#define BPFIPT_TABLE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/un.h>

#include "../translator/cmd.h"
#include "../translator/strbuf.h"
#include "../translator/xt_error.h"

#define WIRE_SOCKET "table.sock"
#define WIRE_REQUEST_MAGIC 0x51545042u /* "BPTQ" */
#define WIRE_RESULT_MAGIC 0x52545042u  /* "BPTR" */
#define WIRE_DECLINED 0u
#define WIRE_TAKEN 1u
#define WIRE_GO 2u
#define WIRE_ANSWER_MS 1000
/* A bound on what either end takes in (-v output grows with the
 * addresses of -s and -d). */
#define WIRE_MAX (16 * 1024 * 1024)

struct wire_head {
	uint32_t magic, len; /* len: the bytes after the head */
};

/* The running binary: the same file, unchanged, at both ends. */
struct wire_exe {
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec;
};

struct wire_request {
	struct wire_exe exe;
	uint64_t digest; /* wire_digest of the command as the sender parsed it */
	uint32_t argc;
};

struct wire_result {
	int32_t ret; /* as command_on_table's */
	struct xt_err err;
	uint32_t out_len, warn_len;
};

int wire_exe_self(struct wire_exe *exe);
bool wire_exe_equal(const struct wire_exe *a, const struct wire_exe *b);
/* A rule update (-A, -I, -D) without a host name in it: what a command
 * may hand over, and the helper takes. */
bool wire_may_hand_over(const struct xt_cmd *cmd);
/* Everything of the parsed command that decides what it does. */
uint64_t wire_digest(const struct xt_cmd *cmd);
/* The socket's address in state directory dir; false when too long. */
bool wire_sockaddr(const char *dir, struct sockaddr_un *sa);

/* Whole buffers over a stream socket; -1 on error or an early end. */
int wire_send(int fd, const void *buf, size_t len);
int wire_recv(int fd, void *buf, size_t len);
/* A message: head with `magic`, then the bytes. */
int wire_send_msg(int fd, uint32_t magic, const struct strbuf *body);
/* A message of at most WIRE_MAX bytes into body; -1 on error. */
int wire_recv_msg(int fd, uint32_t magic, struct strbuf *body);

#endif
