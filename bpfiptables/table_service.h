/* SPDX-License-Identifier: GPL-2.0-only */
/* The helper's side of table_client.h: rule updates run for the
 * namespace's commands on the table kept in memory between them.
 * Reading a 10,000-rule table takes a command most of a millisecond; the
 * helper reads it again only when the file is no longer the one it
 * wrote or read (another command wrote it: restore, -F, -Z, ...). */
#ifndef BPFIPT_TABLE_SERVICE_H
#define BPFIPT_TABLE_SERVICE_H

#include <sys/un.h>

#include "state.h"

struct table_service {
	int listen_fd; /* -1 when not listening */
	char dir[PATH_MAX];
	struct sockaddr_un addr;
	/* The table as the file held it, and what state_load said of it. */
	struct ruleset *rs;
	struct state_table_id id;
	bool loaded;
	size_t loaded_size;
	struct ruleset_file_info file;
	unsigned int served; /* commands on rs since it was read */
};

/* Listens on the socket in state directory dir; -1 when it cannot. */
int table_service_open(struct table_service *ts, const char *dir);
/* Answers one command waiting on listen_fd. */
void table_service_accept(struct table_service *ts);
/* Stops listening: the socket goes, the command being answered is
 * still answered. */
void table_service_stop(struct table_service *ts);
/* Stops listening and forgets the table. */
void table_service_close(struct table_service *ts);

#endif
