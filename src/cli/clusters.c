/*
 * clusters.c — describe-clusters and Redshift Serverless input, and the
 * target cluster or namespace (see clusters.h).
 */
#include "clusters.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

/* A namespace or workgroup of file i that an earlier file lists too. */
static int
serverless_twice(const cli_clusters *cs, size_t i, char *err, size_t errlen)
{
	const rsi_serverless_doc *d = &cs->sdocs[i];
	size_t		j,
				k,
				m;

	for (j = 0; j < i; j++)
	{
		const rsi_serverless_doc *e = &cs->sdocs[j];

		for (k = 0; k < d->n_namespaces; k++)
			for (m = 0; m < e->n_namespaces; m++)
				if (strcmp(d->namespaces[k].arn, e->namespaces[m].arn) == 0 ||
					(strcmp(d->namespaces[k].name, e->namespaces[m].name) == 0 &&
					 strcmp(d->namespaces[k].account, e->namespaces[m].account) == 0 &&
					 strcmp(d->namespaces[k].region, e->namespaces[m].region) == 0))
				{
					snprintf(err, errlen, "%s: namespace %s is also described in %s", cs->doc_paths[i],
							 d->namespaces[k].name, cs->doc_paths[j]);
					return 1;
				}
		for (k = 0; k < d->n_workgroups; k++)
			for (m = 0; m < e->n_workgroups; m++)
				if (strcmp(d->workgroups[k].arn, e->workgroups[m].arn) == 0 ||
					(strcmp(d->workgroups[k].name, e->workgroups[m].name) == 0 &&
					 strcmp(d->workgroups[k].account, e->workgroups[m].account) == 0 &&
					 strcmp(d->workgroups[k].region, e->workgroups[m].region) == 0))
				{
					snprintf(err, errlen, "%s: workgroup %s is also described in %s", cs->doc_paths[i],
							 d->workgroups[k].name, cs->doc_paths[j]);
					return 1;
				}
	}
	return 0;
}

int
cli_clusters_load(cli_clusters *cs, const char *const *paths, size_t npaths,
				  const char *account_id, char *err, size_t errlen)
{
	/* also what describe-clusters --query 'Clusters[]' prints: a bare array */
	rsi_describe_options opt = {account_id, 0, NULL, 1};
	size_t		i,
				j,
				k,
				m;

	memset(cs, 0, sizeof(*cs));
	cs->docs = calloc(npaths, sizeof(rsi_describe_doc));
	cs->sdocs = calloc(npaths, sizeof(rsi_serverless_doc));
	cs->doc_paths = calloc(npaths, sizeof(char *));
	if (cs->docs == NULL || cs->sdocs == NULL || cs->doc_paths == NULL)
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
		if (rsi_serverless_doc_detect(text, len))
		{
			int			rc = rsi_serverless_parse(text, len, &cs->sdocs[i], why, sizeof(why));

			free(text);
			if (rc != 0)
			{
				snprintf(err, errlen, "%s: invalid Redshift Serverless output: %s", shown, why);
				return -1;
			}
			cs->doc_paths[i] = shown;
			cs->ndocs = i + 1;
			if (serverless_twice(cs, i, err, errlen))
				return -1;
			continue;
		}
		if (rsi_describe_parse(text, len, &opt, &cs->docs[i], why, sizeof(why)) != 0)
		{
			free(text);
			snprintf(err, errlen, "%s: invalid describe-clusters output: %s%s", shown, why,
					 strstr(why, "not to the current account") ? " (name the account with --account-id)" : "");
			return -1;
		}
		free(text);
		cs->doc_paths[i] = shown;
		cs->ndocs = i + 1;
		/* an identifier in two files would make the verdict depend on the order */
		for (k = 0; k < cs->docs[i].n_clusters; k++)
			for (j = 0; j < i; j++)
				for (m = 0; m < cs->docs[j].n_clusters; m++)
					if (strcmp(cs->docs[i].clusters[k].identifier, cs->docs[j].clusters[m].identifier) == 0)
					{
						snprintf(err, errlen, "%s: cluster %s is also described in %s", shown,
								 cs->docs[i].clusters[k].identifier, cs->doc_paths[j]);
						return -1;
					}
	}
	return 0;
}

/* The namespace a workgroup runs on, in the input, or NULL. */
static const rsi_described_namespace *
namespace_of(const cli_clusters *cs, const rsi_described_workgroup *wg)
{
	size_t		i,
				k;

	for (i = 0; i < cs->ndocs; i++)
		for (k = 0; k < cs->sdocs[i].n_namespaces; k++)
		{
			const rsi_described_namespace *ns = &cs->sdocs[i].namespaces[k];

			if (strcmp(ns->name, wg->namespace_name) == 0 && strcmp(ns->account, wg->account) == 0 &&
				strcmp(ns->region, wg->region) == 0)
				return ns;
		}
	return NULL;
}

/*
 * Point cs at the namespace or workgroup id names.  Returns the number of
 * distinct namespaces it names (more than one: err says which).
 */
static int
select_serverless(cli_clusters *cs, const char *id, char *err, size_t errlen)
{
	const rsi_described_namespace *ns = NULL;
	const rsi_described_workgroup *wg = NULL;
	const char *ns_name = NULL;
	int			n = 0;
	size_t		i,
				k;

	for (i = 0; i < cs->ndocs; i++)
	{
		for (k = 0; k < cs->sdocs[i].n_namespaces; k++)
		{
			const rsi_described_namespace *c = &cs->sdocs[i].namespaces[k];

			if (strcmp(c->name, id) != 0 && strcmp(c->arn, id) != 0)
				continue;
			if (n > 0 && c == ns)
				continue;
			if (n++ > 0)
			{
				snprintf(err, errlen, "--cluster %.64s names more than one namespace (%s, %s in %s %s); pass the namespace's ARN",
						 id, ns_name, c->name, c->account, c->region);
				return n;
			}
			ns = c;
			ns_name = c->name;
		}
		for (k = 0; k < cs->sdocs[i].n_workgroups; k++)
		{
			const rsi_described_workgroup *w = &cs->sdocs[i].workgroups[k];
			const rsi_described_namespace *c;

			if (strcmp(w->name, id) != 0 && strcmp(w->arn, id) != 0)
				continue;
			c = namespace_of(cs, w);
			/* a workgroup named like its own namespace is one target */
			if (n > 0 && c != NULL && c == ns)
			{
				wg = w;
				continue;
			}
			if (n++ > 0)
			{
				snprintf(err, errlen, "--cluster %.64s names more than one namespace (%s, and workgroup %s of namespace %s); pass the namespace's ARN",
						 id, ns_name, w->name, w->namespace_name);
				return n;
			}
			ns = c;
			wg = w;
			ns_name = w->namespace_name;
		}
	}
	if (n == 1)
	{
		cs->serverless = 1;
		cs->target_ns = ns;
		cs->target_wg = wg;
		cs->target_id = ns ? ns->name : wg->namespace_name;
	}
	return n;
}

int
cli_clusters_select(cli_clusters *cs, const char *id, char *err, size_t errlen)
{
	size_t		i,
				k,
				n = 0,
				used = 0;

	for (i = 0; i < cs->ndocs; i++)
		for (k = 0; k < cs->docs[i].n_clusters; k++)
		{
			const rsi_described_cluster *c = &cs->docs[i].clusters[k];

			n++;
			if (id == NULL || strcmp(c->identifier, id) == 0)
				cs->target = c;
		}
	for (i = 0; i < cs->ndocs; i++)
		n += cs->sdocs[i].n_namespaces;
	if (id)
	{
		int			ns = select_serverless(cs, id, err, errlen);

		if (ns > 1)
			return -1;
		if (ns == 1 && cs->target)
		{
			snprintf(err, errlen, "--cluster %.64s names both cluster %s and namespace %s; pass the namespace's ARN%s%s to check the namespace",
					 id, cs->target->identifier, cs->target_id,
					 cs->target_ns ? ", " : "", cs->target_ns ? cs->target_ns->arn : "");
			return -1;
		}
		if (ns == 0)
			cs->target_id = id;
		return 0;
	}
	if (n == 1)
	{
		if (cs->target)
			cs->target_id = cs->target->identifier;
		else
			for (i = 0; i < cs->ndocs; i++)
				if (cs->sdocs[i].n_namespaces == 1)
					(void) select_serverless(cs, cs->sdocs[i].namespaces[0].arn, err, errlen);
		return 0;
	}
	cs->target = NULL;
	if (n == 0)
	{
		snprintf(err, errlen, "the input holds no cluster or namespace; name one with --cluster");
		return -1;
	}
	used = (size_t) snprintf(err, errlen, "the input describes %zu clusters and namespaces; choose one with --cluster:", n);
	for (i = 0; i < cs->ndocs; i++)
	{
		for (k = 0; k < cs->docs[i].n_clusters && used < errlen; k++)
			used += (size_t) snprintf(err + used, errlen - used, " %s", cs->docs[i].clusters[k].identifier);
		for (k = 0; k < cs->sdocs[i].n_namespaces && used < errlen; k++)
			used += (size_t) snprintf(err + used, errlen - used, " %s", cs->sdocs[i].namespaces[k].name);
	}
	return -1;
}

static rsi_assoc_status
role_status(void *ctx, const char *arn, double *seconds_left)
{
	const cli_clusters *cs = ctx;
	const rsi_described_cluster *c = cs->target;
	size_t		i;

	/* offline the time an association takes is unknown */
	if (seconds_left)
		*seconds_left = -1;
	if (cs->serverless)
	{
		const rsi_described_namespace *ns = cs->target_ns;

		for (i = 0; ns && i < ns->n_roles; i++)
			if (strcmp(ns->roles[i].arn, arn) == 0)
				return strcmp(ns->roles[i].status, "in-sync") == 0 ? RSI_ASSOC_IN_SYNC :
					strcmp(ns->roles[i].status, "adding") == 0 ? RSI_ASSOC_ADDING : RSI_ASSOC_REMOVING;
		return RSI_ASSOC_NONE;
	}
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
cli_clusters_view(cli_clusters *cs, const char *account_id, const char *region,
				  const char *default_role, rsi_cluster_view *view)
{
	memset(view, 0, sizeof(*view));
	if (cs->serverless)
	{
		/* a namespace carries its account and region in its ARN */
		const rsi_described_namespace *ns = cs->target_ns;
		const rsi_described_workgroup *wg = cs->target_wg;
		const char *st = rsi_serverless_effective_status(ns ? ns->status : NULL, wg ? wg->status : NULL,
														 cs->ns_status, sizeof(cs->ns_status));

		view->found = st != NULL;
		view->identifier = cs->target_id;
		view->account_id = ns ? ns->account : wg->account;
		view->region = ns ? ns->region : wg->region;
		view->status = st ? st : "available";
		view->default_role = ns && ns->default_role ? ns->default_role : default_role;
		view->role_status = role_status;
		view->ctx = (void *) cs;
		view->serverless = 1;
		view->workgroup = wg ? wg->name : NULL;
		return;
	}
	view->found = cs->target != NULL;
	view->identifier = cs->target_id;
	view->account_id = account_id;
	view->region = region;
	view->status = cs->target ? cs->target->status : "available";
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
	{
		rsi_describe_free(&cs->docs[i]);
		rsi_serverless_free(&cs->sdocs[i]);
	}
	free(cs->docs);
	free(cs->sdocs);
	free((void *) cs->doc_paths);
	memset(cs, 0, sizeof(*cs));
}
