// SPDX-License-Identifier: GPL-2.0-only
/* Interface classes. The names a table mentions (-i/-o, a trailing '+'
 * making a prefix) split all possible interface names into classes with
 * the same answer to every condition. A name's class follows from the
 * longest pattern string that is a prefix of it, so representatives are:
 * "", a name no pattern starts, and each pattern string P alone and
 * followed by a byte no pattern continues with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static bool pattern_matches(const struct lbvs_ifaces *ifc, uint32_t i, const char *name)
{
	size_t n = strlen(ifc->pattern[i]);

	if (ifc->is_prefix[i])
		return strncmp(name, ifc->pattern[i], n) == 0;
	return strcmp(name, ifc->pattern[i]) == 0;
}

static uint8_t *signature_of(const struct lbvs_ifaces *ifc, const char *name)
{
	uint8_t *sig = calloc(ifc->n_patterns ? ifc->n_patterns : 1, 1);

	if (!sig)
		abort();
	for (uint32_t i = 0; i < ifc->n_patterns; i++)
		sig[i] = pattern_matches(ifc, i, name);
	return sig;
}

static void add_class(struct lbvs_ifaces *ifc, const char *name)
{
	uint8_t *sig = signature_of(ifc, name);
	size_t len = ifc->n_patterns ? ifc->n_patterns : 1;

	for (uint32_t c = 0; c < ifc->n_classes; c++) {
		if (memcmp(ifc->signature[c], sig, len) == 0) {
			free(sig);
			return;
		}
	}
	ifc->signature = realloc(ifc->signature, (ifc->n_classes + 1) * sizeof(*ifc->signature));
	if (!ifc->signature)
		abort();
	ifc->signature[ifc->n_classes++] = sig;
}

static void add_pattern(struct lbvs_ifaces *ifc, const char *iface)
{
	char pat[XT_IFNAMSIZ];
	size_t n;
	bool prefix;

	if (!iface[0])
		return; /* no condition: most rules, so before any call */
	n = strlen(iface);
	prefix = iface[n - 1] == '+';
	name_copy(pat, sizeof(pat), iface);
	if (prefix)
		pat[n - 1] = '\0';
	for (uint32_t i = 0; i < ifc->n_patterns; i++)
		if (ifc->is_prefix[i] == prefix && strcmp(ifc->pattern[i], pat) == 0)
			return;
	ifc->pattern = realloc(ifc->pattern, (ifc->n_patterns + 1) * sizeof(*ifc->pattern));
	ifc->is_prefix = realloc(ifc->is_prefix, (ifc->n_patterns + 1) * sizeof(*ifc->is_prefix));
	if (!ifc->pattern || !ifc->is_prefix)
		abort();
	memcpy(ifc->pattern[ifc->n_patterns], pat, sizeof(pat));
	ifc->is_prefix[ifc->n_patterns++] = prefix;
}

void lbvs_ifaces_build(struct lbvs_ifaces *ifc, const struct ruleset *rs)
{
	char rep[XT_IFNAMSIZ + 2];

	memset(ifc, 0, sizeof(*ifc));
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		for (size_t j = 0; j < c->n_rules; j++) {
			add_pattern(ifc, c->rules[j]->ip.iniface);
			add_pattern(ifc, c->rules[j]->ip.outiface);
		}
	}
	add_class(ifc, "");
	add_class(ifc, "\x01");
	for (uint32_t i = 0; i < ifc->n_patterns; i++) {
		add_class(ifc, ifc->pattern[i]);
		snprintf(rep, sizeof(rep), "%s\x01", ifc->pattern[i]);
		add_class(ifc, rep);
	}
}

uint32_t lbvs_iface_class(const struct lbvs_ifaces *ifc, const char *name)
{
	uint8_t *sig = signature_of(ifc, name);
	size_t len = ifc->n_patterns ? ifc->n_patterns : 1;
	uint32_t c;

	for (c = 0; c < ifc->n_classes; c++)
		if (memcmp(ifc->signature[c], sig, len) == 0)
			break;
	free(sig);
	return c < ifc->n_classes ? c : 0; /* unreachable: classes are complete */
}

/* The classes an -i/-o condition accepts ("" or "+": all of them). */
void lbvs_iface_set(const struct lbvs_ifaces *ifc, const char *iface, bool inv, struct iset *out)
{
	size_t n = strlen(iface);
	bool prefix = n && iface[n - 1] == '+';
	char pat[XT_IFNAMSIZ];
	uint32_t k;

	out->n = 0;
	name_copy(pat, sizeof(pat), iface);
	if (prefix)
		pat[n - 1] = '\0';
	for (k = 0; k < ifc->n_patterns; k++)
		if (ifc->is_prefix[k] == prefix && strcmp(ifc->pattern[k], pat) == 0)
			break;
	for (uint32_t c = 0; c < ifc->n_classes; c++)
		if ((k < ifc->n_patterns && ifc->signature[c][k]) != inv)
			iset_add(out, c, c);
}

void lbvs_ifaces_free(struct lbvs_ifaces *ifc)
{
	for (uint32_t c = 0; c < ifc->n_classes; c++)
		free(ifc->signature[c]);
	free(ifc->signature);
	free(ifc->pattern);
	free(ifc->is_prefix);
	memset(ifc, 0, sizeof(*ifc));
}
