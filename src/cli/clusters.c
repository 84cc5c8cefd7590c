/*
 * clusters.c — describe-clusters input and the target cluster (see clusters.h).
 */
#include "clusters.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cluster/cluster_rules.h"

/* describe-clusters output is small; a bigger file is a mistake */
#define MAX_DOC_SIZE ((size_t) 256 * 1024 * 1024)

/* Read a whole file ("-": stdin); NULL with a message in err. */
static char *
read_all(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE	   *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t		cap = 64 * 1024,
				n = 0;
	char	   *buf;

	if (f == NULL)
	{
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(cap);
	while (buf)
	{
		size_t		got;

		if (n == cap)
		{
			char	   *p = cap >= MAX_DOC_SIZE ? NULL : realloc(buf, 2 * cap);

			if (p == NULL)
			{
				snprintf(err, errlen, "%s: %s", path, cap >= MAX_DOC_SIZE ?
						 "larger than 256 MiB: not describe-clusters output" : "out of memory");
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
		{
			if (ferror(f))
			{
				snprintf(err, errlen, "%s: %s", path, strerror(errno));
				free(buf);
				buf = NULL;
			}
			break;
		}
	}
	if (buf == NULL && err[0] == '\0')
		snprintf(err, errlen, "%s: out of memory", path);
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int
cli_clusters_load(cli_clusters *cs, const char *const *paths, size_t npaths,
				  const char *account_id, const char *region,
				  const char *default_region, char *err, size_t errlen)
{
	/* also what describe-clusters --query 'Clusters[]' prints: a bare array */
	rsi_describe_options opt = {
		.account = account_id, .bare_array = 1, .region = region,
		.default_account = CLI_DEFAULT_ACCOUNT, .default_region = default_region,
		.account_name = "--account-id", .region_name = "--region"
	};
	size_t		i,
				j,
				k,
				m;

	memset(cs, 0, sizeof(*cs));
	cs->docs = calloc(npaths, sizeof(rsi_describe_doc));
	cs->doc_paths = calloc(npaths, sizeof(char *));
	if (cs->docs == NULL || cs->doc_paths == NULL)
	{
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < npaths; i++)
	{
		const char *shown = strcmp(paths[i], "-") == 0 ? "<stdin>" : paths[i];
		size_t		len;
		char		why[600];
		char	   *text;

		err[0] = '\0';
		text = read_all(paths[i], &len, err, errlen);
		if (text == NULL)
			return -1;
		if (rsi_describe_parse(text, len, &opt, &cs->docs[i], why, sizeof(why)) != 0)
		{
			free(text);
			snprintf(err, errlen, "%s: invalid describe-clusters output: %s", shown, why);
			return -1;
		}
		free(text);
		cs->doc_paths[i] = shown;
		cs->ndocs = i + 1;
		/* values AWS has and this version does not know: kept, and said */
		for (k = 0; k < cs->docs[i].n_clusters; k++)
			if (cs->docs[i].clusters[k].warning)
				fprintf(stderr, CLI_PROGNAME ": warning: %s: cluster %s: %s\n", shown,
						cs->docs[i].clusters[k].identifier, cs->docs[i].clusters[k].warning);
		/* an identifier in two files would make the verdict depend on the order */
		for (k = 0; k < cs->docs[i].n_clusters; k++)
			for (j = 0; j < i; j++)
				for (m = 0; m < cs->docs[j].n_clusters; m++)
					if (strcmp(cs->docs[i].clusters[k].identifier, cs->docs[j].clusters[m].identifier) == 0 &&
						same(cs->docs[i].clusters[k].account_id, cs->docs[j].clusters[m].account_id) &&
						same(cs->docs[i].clusters[k].region, cs->docs[j].clusters[m].region))
					{
						snprintf(err, errlen, "%s: cluster %s is also described in %s", shown,
								 cs->docs[i].clusters[k].identifier, cs->doc_paths[j]);
						return -1;
					}
	}
	return 0;
}

int
cli_clusters_select(cli_clusters *cs, const char *id, char *err, size_t errlen)
{
	size_t		i,
				k,
				n = 0,
				hits = 0,
				used = 0;
	rsi_cluster_arn arn;
	int			by_arn = id && strncmp(id, "arn:", 4) == 0 &&
		rsi_cluster_arn_split(id, strlen(id), &arn) == NULL;

	for (i = 0; i < cs->ndocs; i++)
		for (k = 0; k < cs->docs[i].n_clusters; k++)
		{
			const rsi_described_cluster *c = &cs->docs[i].clusters[k];

			n++;
			if (id == NULL ||
				(by_arn ? strcmp(c->identifier, arn.identifier) == 0 && same(c->account_id, arn.account) &&
				 same(c->region, arn.region) : strcmp(c->identifier, id) == 0))
			{
				cs->target = c;
				hits++;
			}
		}
	if (id)
	{
		if (hits > 1)
		{
			snprintf(err, errlen, "--cluster %.64s names clusters of several accounts or regions; "
					 "name one by its ARN (arn:aws:redshift:<region>:<account>:cluster:%.64s)", id, id);
			return -1;
		}
		if (hits == 0)
			cs->target = NULL;
		cs->target_id = by_arn ? (cs->target ? cs->target->identifier : id) : id;
		return 0;
	}
	if (n == 1)
	{
		cs->target_id = cs->target->identifier;
		return 0;
	}
	cs->target = NULL;
	if (n == 0)
	{
		snprintf(err, errlen, "the describe-clusters input holds no cluster; name one with --cluster");
		return -1;
	}
	used = (size_t) snprintf(err, errlen, "the input describes %zu clusters; choose one with --cluster:", n);
	for (i = 0; i < cs->ndocs; i++)
		for (k = 0; k < cs->docs[i].n_clusters && used < errlen; k++)
			used += (size_t) snprintf(err + used, errlen - used, " %s", cs->docs[i].clusters[k].identifier);
	return -1;
}

static rsi_assoc_status
role_status(void *ctx, const char *arn, double *seconds_left)
{
	const rsi_described_cluster *c = ((const cli_clusters *) ctx)->target;
	size_t		i;

	/* offline the time an association takes is unknown */
	if (seconds_left)
		*seconds_left = -1;
	for (i = 0; c && i < c->n_roles; i++)
		if (strcmp(c->roles[i].arn, arn) == 0)
			return strcmp(c->roles[i].status, "in-sync") == 0 ? RSI_ASSOC_IN_SYNC :
				strcmp(c->roles[i].status, "adding") == 0 ? RSI_ASSOC_ADDING : RSI_ASSOC_REMOVING;
	return RSI_ASSOC_NONE;
}

/* The status of the role on cluster c, or NULL when c does not hold it. */
static const char *
status_on(const rsi_described_cluster *c, const char *arn)
{
	size_t		r;

	for (r = 0; r < c->n_roles; r++)
		if (strcmp(c->roles[r].arn, arn) == 0)
			return c->roles[r].status;
	return NULL;
}

/*
 * Other clusters in the input that hold the role, as the extension lists
 * them: "id (status), ...", in identifier order.
 */
static void
role_elsewhere(void *ctx, const char *arn, char *buf, size_t bufsz)
{
	const cli_clusters *cs = ctx;
	const char *last = NULL;
	size_t		used = 0;

	buf[0] = '\0';
	for (;;)
	{
		const rsi_described_cluster *next = NULL;
		size_t		i,
					k;

		/* the smallest identifier after the last one listed */
		for (i = 0; i < cs->ndocs; i++)
			for (k = 0; k < cs->docs[i].n_clusters; k++)
			{
				const rsi_described_cluster *c = &cs->docs[i].clusters[k];

				if (c != cs->target && status_on(c, arn) &&
					(last == NULL || strcmp(c->identifier, last) > 0) &&
					(next == NULL || strcmp(c->identifier, next->identifier) < 0))
					next = c;
			}
		if (next == NULL || used >= bufsz)
			break;
		used += (size_t) snprintf(buf + used, bufsz - used, "%s%s (%s)", used ? ", " : "",
								  next->identifier, status_on(next, arn));
		last = next->identifier;
	}
}

void
cli_clusters_view(const cli_clusters *cs, const char *account_id, const char *region,
				  const char *default_role, rsi_cluster_view *view)
{
	memset(view, 0, sizeof(*view));
	view->found = cs->target != NULL;
	view->identifier = cs->target_id;
	/* the input places a cluster; else the options and the defaults do */
	view->account_id = cs->target && cs->target->account_id ? cs->target->account_id : account_id;
	view->region = cs->target && cs->target->region ? cs->target->region : region;
	view->status = cs->target ? cs->target->status : "available";
	view->availability = cs->target ? cs->target->availability : NULL;
	view->default_role = cs->target && cs->target->default_role ? cs->target->default_role : default_role;
	view->role_status = role_status;
	view->role_elsewhere = role_elsewhere;
	view->ctx = (void *) cs;
}

void
cli_clusters_free(cli_clusters *cs)
{
	size_t		i;

	for (i = 0; i < cs->ndocs; i++)
		rsi_describe_free(&cs->docs[i]);
	free(cs->docs);
	free((void *) cs->doc_paths);
	memset(cs, 0, sizeof(*cs));
}
