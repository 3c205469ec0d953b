// SPDX-License-Identifier: GPL-2.0-only
/* One binary, three programs, chosen by the name it was started as. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"
#include "resident.h"
#include "spare_keeper.h"
#include "../translator/report.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

void flush_output(const struct strbuf *out, const struct strbuf *errout)
{
	if (out && out->len)
		fwrite(out->buf, 1, out->len, stdout);
	fflush(stdout);
	if (errout && errout->len)
		fwrite(errout->buf, 1, errout->len, stderr);
	fflush(stderr);
}

int fail_with(const char *prog, const struct xt_err *err)
{
	struct strbuf msg;

	sb_init(&msg);
	report_error(&msg, prog, err, -1);
	flush_output(NULL, &msg);
	sb_free(&msg);
	return err->status ? err->status : 1;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');

	name = name ? name + 1 : argv[0];
	if (ends_with(name, "-save"))
		return save_main(argc, argv);
	if (ends_with(name, "-restore"))
		return restore_main(argc, argv);
	/* Not an iptables option (iptables refuses it), so it cannot clash. */
	if (argc == 2 && strcmp(argv[1], "--teardown") == 0)
		return teardown_main();
	if (argc == 3 && strcmp(argv[1], "--ingress") == 0)
		return ingress_main(argv[2]);
	if ((argc == 3 || (argc == 4 && strcmp(argv[3], "3") == 0)) &&
	    strcmp(argv[1], "--resident") == 0)
		return resident_main(argv[2], argc == 4 ? 3 : -1);
	if (argc == 4 && strcmp(argv[1], "--spare-keeper") == 0)
		return spare_keeper_main(argv[2], argv[3]);
	if (argc == 2 && strcmp(argv[1], "--spare-stop") == 0)
		return spare_stop_main();
	if (argc == 2 && strcmp(argv[1], "--spare-status") == 0)
		return spare_status_main();
	return iptables_main(argc, argv);
}
