// SPDX-License-Identifier: GPL-2.0-only
/* link_watch in a throwaway namespace: the dump against the kernel's own
 * list of interfaces, then the callbacks for a veth pair created, one end
 * renamed, set up, moved to another namespace, deleted, and a bridge port
 * joining and leaving its bridge (which must not read as a removal).
 * Needs root and network namespaces; without them it fails, it never
 * skips. */
#define _GNU_SOURCE
#include <net/if.h>
#include <poll.h>

#include "check.h"
#include "pkt_build.h"
#include "netns_lab.h"
#include "link_watch.h"

#define MAX_IF 64

/* The interfaces as the callbacks describe them, by ifindex. */
struct model {
	struct {
		char name[IFNAMSIZ];
		bool present;
		unsigned calls, gone; /* callbacks, of which saying !present */
	} ifs[MAX_IF];
	unsigned calls;
};

static void on_link(void *arg, int ifindex, const char *name, bool present)
{
	struct model *m = arg;

	m->calls++;
	if (ifindex <= 0 || ifindex >= MAX_IF) {
		printf("# ifindex %d out of the test's range\n", ifindex);
		return;
	}
	snprintf(m->ifs[ifindex].name, IFNAMSIZ, "%s", name);
	m->ifs[ifindex].present = present;
	m->ifs[ifindex].calls++;
	m->ifs[ifindex].gone += !present;
}

/* Dispatch until want() holds or a second passes. */
static bool wait_for(struct link_watch *lw, struct model *m,
		     bool (*want)(const struct model *, int), int idx)
{
	long long end = lab_now_ms() + 1000;

	while (!want(m, idx)) {
		struct pollfd p = {.fd = link_watch_fd(lw), .events = POLLIN};
		long long left = end - lab_now_ms();

		if (left <= 0)
			return false;
		poll(&p, 1, (int)left);
		if (link_watch_dispatch(lw) < 0)
			return false;
	}
	return true;
}

static const char *expect_name;

static bool has_present(const struct model *m, int i)
{
	return m->ifs[i].present && strcmp(m->ifs[i].name, expect_name) == 0;
}

static bool has_call(const struct model *m, int i)
{
	return m->ifs[i].calls > 0;
}

static bool has_gone(const struct model *m, int i)
{
	return !m->ifs[i].present && m->ifs[i].calls;
}

/* The kernel's own list (if_nameindex in the namespace) against the
 * model built by a fresh dump. */
static void compare_dump(struct link_watch *lw, struct model *events, const char *when)
{
	struct model saved = *events, m;
	struct if_nameindex *list;
	int back, n, kernel = 0, found = 0;

	/* The callback writes to the watch's model: let it fill a fresh one. */
	memset(events, 0, sizeof(*events));
	n = link_watch_dump(lw);
	m = *events;
	*events = saved;
	if (lab_enter(lab.r, &back))
		return;
	list = if_nameindex();
	lab_leave(back);
	if (!CHECK(list && n >= 0, "%s: dump and if_nameindex (%d)", when, n))
		return;
	for (struct if_nameindex *p = list; p->if_index; p++) {
		kernel++;
		if (p->if_index < MAX_IF && m.ifs[p->if_index].present &&
		    strcmp(m.ifs[p->if_index].name, p->if_name) == 0)
			found++;
	}
	if_freenameindex(list);
	CHECK_INT(kernel, found, "%s: every interface the kernel lists is dumped, by name", when);
	CHECK_INT(kernel, n, "%s: and nothing else", when);
}

/* Run a command in R, then wait until the model shows the link. */
static void step_present(struct link_watch *lw, struct model *m, const char *cmd, const char *name,
			 const char *what)
{
	int idx;

	lab_sh("ip -n %s %s", lab.r, cmd);
	idx = lab_ifindex(lab.r, name);
	expect_name = name;
	if (!CHECK(idx > 0 && idx < MAX_IF, "%s: %s exists", what, name))
		return;
	CHECK(wait_for(lw, m, has_present, idx), "%s: %s (%d) reported present", what, name, idx);
}

static void step_gone(struct link_watch *lw, struct model *m, const char *cmd, int idx,
		      const char *name, const char *what)
{
	m->ifs[idx].calls = 0;
	lab_sh("ip -n %s %s", lab.r, cmd);
	CHECK(wait_for(lw, m, has_gone, idx), "%s: %s (%d) reported gone", what, name, idx);
	CHECK_STR(name, m->ifs[idx].name, "%s: under its last name", what);
}

int main(void)
{
	struct model m = {0};
	struct link_watch *lw = NULL;
	int back, ret = -1, a, b, p;

	if (lab_setup("bflw")) {
		CHECK(false, "lab: namespaces");
		return check_exit();
	}
	if (lab_enter(lab.r, &back) == 0) {
		ret = link_watch_open(&lw, on_link, &m);
		lab_leave(back);
	}
	if (!CHECK_INT(0, ret, "link_watch_open in R"))
		return check_exit();
	CHECK_INT(0, link_watch_dispatch(lw), "nothing to dispatch yet");
	compare_dump(lw, &m, "at start");

	step_present(lw, &m, "link add lw0 type veth peer name lw1", "lw0", "veth created");
	a = lab_ifindex(lab.r, "lw0");
	b = lab_ifindex(lab.r, "lw1");
	expect_name = "lw1";
	CHECK(b > 0 && b < MAX_IF && wait_for(lw, &m, has_present, b), "veth created: lw1 too");
	step_present(lw, &m, "link set lw1 name lw9", "lw9", "renamed");
	CHECK_INT(b, lab_ifindex(lab.r, "lw9"), "renamed: same ifindex");
	m.ifs[a].calls = 0;
	lab_sh("ip -n %s link set lw0 up", lab.r);
	CHECK(wait_for(lw, &m, has_call, a) && m.ifs[a].present, "set up: lw0 reported again");
	compare_dump(lw, &m, "after the changes");

	/* A bridge port joining and leaving: AF_BRIDGE messages, one of
	 * them an RTM_DELLINK, that must not read as a removal. */
	step_present(lw, &m, "link add lwbr type bridge", "lwbr", "bridge");
	step_present(lw, &m, "link add lw2 type veth peer name lw3", "lw2", "bridge port");
	p = lab_ifindex(lab.r, "lw2");
	lab_sh("ip -n %s link set lw2 master lwbr && ip -n %s link set lw2 nomaster", lab.r, lab.r);
	lab_sh("ip -n %s link set lw2 mtu 1400", lab.r); /* a last event to wait for */
	expect_name = "lw2";
	wait_for(lw, &m, has_present, p);
	usleep(100 * 1000);
	link_watch_dispatch(lw);
	CHECK(p > 0 && p < MAX_IF && m.ifs[p].present && !m.ifs[p].gone,
	      "bridge port left its bridge: never reported gone");

	char cmd[96];
	int q = lab_ifindex(lab.r, "lw3");
	snprintf(cmd, sizeof(cmd), "link set lw3 netns %s", lab.a);
	step_gone(lw, &m, cmd, q, "lw3", "moved to another namespace");
	step_gone(lw, &m, "link del lw0", a, "lw0", "veth deleted");
	CHECK(wait_for(lw, &m, has_gone, b), "veth deleted: its peer lw9 too");
	CHECK_STR("lw9", m.ifs[b].name, "veth deleted: the peer under its last name");
	int br = lab_ifindex(lab.r, "lwbr");
	step_gone(lw, &m, "link del lwbr", br, "lwbr", "bridge deleted");
	compare_dump(lw, &m, "at the end");
	usleep(100 * 1000);
	link_watch_dispatch(lw);
	CHECK_INT(0, link_watch_dispatch(lw), "nothing left to dispatch");
	link_watch_close(lw);
	printf("# %u callbacks for events\n", m.calls);
	return check_exit();
}
