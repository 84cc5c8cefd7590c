/*
 * namespace.c — the reader of Redshift Serverless namespace and workgroup
 * output (see namespace.h).
 *
 * Sources: Amazon Redshift Serverless API Reference, "Namespace"
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_Namespace.html),
 * "Workgroup"
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_Workgroup.html),
 * "ListNamespaces" and "GetNamespace"; names are 3 to 64 of [a-z0-9-].
 * The API documents iamRoles as strings; the service prints each as
 * "IamRole(applyStatus=..., iamRoleArn=...)", with the keys in either order
 * depending on the API version, and older output printed plain ARNs.
 */
#include "cluster/namespace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/validate.h"
#include "cluster/cluster_rules.h"
#include "util/index_set.h"
#include "util/json_util.h"
#include "util/utf8.h"

#define PATH_MAX_LEN 96
#define NAME_MIN 3
#define NAME_MAX 64
#define STATUS_MAX 64
#define RESOURCE_ID_MAX 64

typedef struct reader
{
	char	   *err;
	size_t		errlen;
	int			failed;
} reader;

#if defined(__GNUC__)
static void fail(reader *r, const char *fmt,...) __attribute__((format(printf, 2, 3)));
#endif

static void
fail(reader *r, const char *fmt,...)
{
	va_list		ap;

	if (r->failed)
		return;
	r->failed = 1;
	if (r->errlen == 0)
		return;
	va_start(ap, fmt);
	rsi_utf8_vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
}

/* A value of the input for a message: at most max bytes, "..." when cut. */
static const char *
excerpt(char *buf, size_t bufsz, size_t max, const char *s, size_t n)
{
	int			cut;
	size_t		k = rsi_utf8_excerpt(s, n, max < bufsz - 4 ? max : bufsz - 4, buf, &cut);

	if (cut)
		memcpy(buf + k, "...", 4);
	return buf;
}

static char *
dup_n(reader *r, const char *s, size_t n)
{
	char	   *p = malloc(n + 1);

	if (p == NULL)
	{
		fail(r, "out of memory");
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static json_t *
member(json_t *obj, const char *key)
{
	json_t	   *v = json_object_get(obj, key);

	return (v && !json_is_null(v)) ? v : NULL;
}

static const char *
get_string(reader *r, json_t *obj, const char *path, const char *key, int required)
{
	json_t	   *v = member(obj, key);

	if (v == NULL)
	{
		if (required)
			fail(r, "%s: missing member %s", path, key);
		return NULL;
	}
	if (!json_is_string(v))
	{
		fail(r, "%s.%s: expected a string, found %s", path, key, rsi_json_type_name(v));
		return NULL;
	}
	if (strlen(json_string_value(v)) != json_string_length(v))
	{
		fail(r, "%s.%s: contains a NUL character", path, key);
		return NULL;
	}
	return json_string_value(v);
}

/* ---- iamRoles elements ---- */

static int
span_is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

const char *
rsi_namespace_role_parse(const char *text, size_t len, size_t *arn_off, size_t *arn_len,
						 const char **status)
{
	static const char open[] = "IamRole(";
	size_t		i,
				end;
	int			have_arn = 0;

	*arn_off = 0;
	*arn_len = 0;
	*status = NULL;
	if (len >= 4 && memcmp(text, "arn:", 4) == 0)
	{
		/* older output: the ARN alone, listed because it is associated */
		*arn_len = len;
		*status = "in-sync";
		return NULL;
	}
	if (len < sizeof(open) || memcmp(text, open, sizeof(open) - 1) != 0 || text[len - 1] != ')')
		return "expected a role ARN or IamRole(applyStatus=..., iamRoleArn=...)";
	i = sizeof(open) - 1;
	end = len - 1;
	/* key=value pairs separated by ", "; a role name may hold ',' and '=' but no space */
	while (i < end)
	{
		size_t		k = i,
					eq,
					v,
					stop;

		while (k < end && text[k] != '=' && text[k] != ',' && text[k] != ' ')
			k++;
		if (k == end || text[k] != '=' || k == i)
			return "expected key=value pairs inside IamRole(...)";
		eq = k;
		v = eq + 1;
		stop = v;
		while (stop < end && !(text[stop] == ',' && stop + 1 < end && text[stop + 1] == ' '))
			stop++;
		if (span_is(text + i, eq - i, "iamRoleArn"))
		{
			if (have_arn)
				return "iamRoleArn appears twice";
			have_arn = 1;
			*arn_off = v;
			*arn_len = stop - v;
		}
		else if (span_is(text + i, eq - i, "applyStatus"))
		{
			if (*status)
				return "applyStatus appears twice";
			if (span_is(text + v, stop - v, "in-sync"))
				*status = "in-sync";
			else if (span_is(text + v, stop - v, "adding"))
				*status = "adding";
			else if (span_is(text + v, stop - v, "removing"))
				*status = "removing";
			else
				return "applyStatus: expected one of in-sync, adding, removing";
		}
		/* other keys a later API version may add are ignored */
		i = stop;
		if (i < end)
			i += 2;				/* ", " */
		if (i == end && text[end - 1] == ' ')
			return "expected key=value pairs inside IamRole(...)";
	}
	if (!have_arn || *arn_len == 0)
		return "IamRole(...) has no iamRoleArn";
	if (*status == NULL)
		return "IamRole(...) has no applyStatus";
	return NULL;
}

/* ---- names and ARNs ---- */

static const char *
name_check_n(const char *s, size_t n)
{
	size_t		i;

	if (n < NAME_MIN || n > NAME_MAX)
		return "must be 3 to 64 characters";
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return "may hold only lowercase letters, digits and hyphens";
	return NULL;
}

static const char *
name_check(const char *s)
{
	return name_check_n(s, strlen(s));
}

/*
 * arn:PARTITION:redshift-serverless:REGION:ACCOUNT:KIND/ID: fills the
 * account, the region and the ID (malloc'd) or returns why not.
 */
static const char *
resource_arn_split(reader *r, const char *arn, const char *kind, char **account,
				   char **region, char **id)
{
	const char *f[6];
	size_t		flen[6];
	const char *p = arn;
	size_t		i,
				klen = strlen(kind);
	const char *partition;

	for (i = 0; i < 6; i++)
	{
		const char *c = i < 5 ? strchr(p, ':') : p + strlen(p);

		if (c == NULL)
			return "expected arn:PARTITION:redshift-serverless:REGION:ACCOUNT:...";
		f[i] = p;
		flen[i] = (size_t) (c - p);
		p = c + 1;
	}
	if (!span_is(f[0], flen[0], "arn") || !span_is(f[2], flen[2], "redshift-serverless"))
		return "expected arn:PARTITION:redshift-serverless:REGION:ACCOUNT:...";
	if (rsi_region_check(f[3], flen[3]) != NULL)
		return "the region is not a region name";
	if (rsi_account_id_check(f[4], flen[4]) != NULL)
		return "the account is not 12 digits";
	if (flen[5] <= klen + 1 || memcmp(f[5], kind, klen) != 0 || f[5][klen] != '/')
		return kind[0] == 'n' ? "the resource is not namespace/ID" : "the resource is not workgroup/ID";
	for (i = klen + 1; i < flen[5]; i++)
		if (!((f[5][i] >= 'a' && f[5][i] <= 'z') || (f[5][i] >= 'A' && f[5][i] <= 'Z') ||
			  (f[5][i] >= '0' && f[5][i] <= '9') || f[5][i] == '-'))
			return "the resource ID may hold only letters, digits and hyphens";
	if (flen[5] - klen - 1 > RESOURCE_ID_MAX)
		return "the resource ID is longer than 64 characters";
	*region = dup_n(r, f[3], flen[3]);
	if (*region == NULL)
		return "out of memory";
	partition = rsi_region_partition(*region);
	if (!span_is(f[1], flen[1], partition))
		return "the partition is not the region's";
	*account = dup_n(r, f[4], flen[4]);
	*id = dup_n(r, f[5] + klen + 1, flen[5] - klen - 1);
	if (*account == NULL || *id == NULL)
		return "out of memory";
	return NULL;
}

static const char *
status_check(const char *s)
{
	size_t		n = strlen(s),
				i;

	if (n == 0 || n > STATUS_MAX)
		return "must be 1 to 64 characters";
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			  (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return "may hold only letters, digits, '-' and '_'";
	return NULL;
}

static char *
read_status(reader *r, json_t *obj, const char *path)
{
	const char *st = get_string(r, obj, path, "status", 0);
	const char *why;

	if (r->failed)
		return NULL;
	if (st == NULL)
		st = "AVAILABLE";
	why = status_check(st);
	if (why)
	{
		char		ex[90];

		fail(r, "%s.status: \"%s\" %s", path, excerpt(ex, sizeof(ex), 64, st, strlen(st)), why);
		return NULL;
	}
	return dup_n(r, st, strlen(st));
}

static int
check_role_arn(reader *r, const char *path, const char *arn, size_t n, const char *partition)
{
	rsi_role_arn parts;
	char		ex[220];
	const char *why = rsi_role_arn_check(arn, n, &parts);

	if (why)
	{
		fail(r, "%s: \"%s\" is not a valid IAM role ARN: %s", path, excerpt(ex, sizeof(ex), 80, arn, n), why);
		return 0;
	}
	if (rsi_role_arn_is_service_linked(arn, n))
	{
		fail(r, "%s: %s is a service-linked role, which cannot be associated with a namespace",
			 path, excerpt(ex, sizeof(ex), 200, arn, n));
		return 0;
	}
	if (!rsi_role_arn_in_partition(arn, &parts, partition))
	{
		fail(r, "%s: the role is in partition %.*s, not in the namespace's partition %s",
			 path, (int) parts.partition_len, arn + parts.partition_off, partition);
		return 0;
	}
	return 1;
}

static void
read_roles(reader *r, json_t *jn, const char *path, rsi_described_namespace *ns)
{
	json_t	   *roles = member(jn, "iamRoles");
	const char *partition = rsi_region_partition(ns->region);
	size_t		i,
				j,
				n;

	if (roles == NULL)
		return;
	if (!json_is_array(roles))
	{
		fail(r, "%s.iamRoles: expected an array, found %s", path, rsi_json_type_name(roles));
		return;
	}
	n = json_array_size(roles);
	if (n == 0)
		return;
	ns->roles = calloc(n, sizeof(rsi_described_role));
	if (ns->roles == NULL)
	{
		fail(r, "out of memory");
		return;
	}
	for (i = 0; i < n && !r->failed; i++)
	{
		json_t	   *jr = json_array_get(roles, i);
		char		rpath[PATH_MAX_LEN + 32];
		const char *s,
				   *st,
				   *why;
		size_t		len,
					off,
					alen;
		char		ex[100];

		snprintf(rpath, sizeof(rpath), "%s.iamRoles[%zu]", path, i);
		if (!json_is_string(jr))
		{
			fail(r, "%s: expected a string, found %s", rpath, rsi_json_type_name(jr));
			return;
		}
		s = json_string_value(jr);
		len = json_string_length(jr);
		if (strlen(s) != len)
		{
			fail(r, "%s: contains a NUL character", rpath);
			return;
		}
		why = rsi_namespace_role_parse(s, len, &off, &alen, &st);
		if (why)
		{
			fail(r, "%s: \"%s\": %s", rpath, excerpt(ex, sizeof(ex), 80, s, len), why);
			return;
		}
		if (!check_role_arn(r, rpath, s + off, alen, partition))
			return;
		for (j = 0; j < i; j++)
			if (strlen(ns->roles[j].arn) == alen && memcmp(ns->roles[j].arn, s + off, alen) == 0)
			{
				fail(r, "%s: the role is listed twice (also %s.iamRoles[%zu])", rpath, path, j);
				return;
			}
		ns->roles[i].arn = dup_n(r, s + off, alen);
		ns->roles[i].status = dup_n(r, st, strlen(st));
		ns->n_roles = i + 1;
	}
}

static void
read_namespace(reader *r, json_t *jn, const char *path, rsi_described_namespace *ns)
{
	const char *name,
			   *arn,
			   *why,
			   *def;
	char		ex[100];

	if (!json_is_object(jn))
	{
		fail(r, "%s: expected an object, found %s", path, rsi_json_type_name(jn));
		return;
	}
	name = get_string(r, jn, path, "namespaceName", 1);
	if (name == NULL)
		return;
	why = name_check(name);
	if (why)
	{
		fail(r, "%s.namespaceName: \"%s\" is not a valid namespace name: it %s", path,
			 excerpt(ex, sizeof(ex), 80, name, strlen(name)), why);
		return;
	}
	arn = get_string(r, jn, path, "namespaceArn", 1);
	if (arn == NULL)
		return;
	why = resource_arn_split(r, arn, "namespace", &ns->account, &ns->region, &ns->id);
	if (why)
	{
		fail(r, "%s.namespaceArn: \"%s\" is not a namespace ARN: %s", path,
			 excerpt(ex, sizeof(ex), 80, arn, strlen(arn)), why);
		return;
	}
	ns->name = dup_n(r, name, strlen(name));
	ns->arn = dup_n(r, arn, strlen(arn));
	ns->status = read_status(r, jn, path);
	if (r->failed)
		return;
	read_roles(r, jn, path, ns);
	if (r->failed)
		return;
	def = get_string(r, jn, path, "defaultIamRoleArn", 0);
	if (r->failed || def == NULL || def[0] == '\0')
		return;
	{
		char		dpath[PATH_MAX_LEN + 32];

		snprintf(dpath, sizeof(dpath), "%s.defaultIamRoleArn", path);
		/* not required to be among iamRoles: a check then says it is not associated */
		if (!check_role_arn(r, dpath, def, strlen(def), rsi_region_partition(ns->region)))
			return;
	}
	ns->default_role = dup_n(r, def, strlen(def));
}

static void
read_workgroup(reader *r, json_t *jw, const char *path, rsi_described_workgroup *wg)
{
	const char *name,
			   *nsname,
			   *arn,
			   *why;
	char	   *id = NULL;
	char		ex[100];

	if (!json_is_object(jw))
	{
		fail(r, "%s: expected an object, found %s", path, rsi_json_type_name(jw));
		return;
	}
	name = get_string(r, jw, path, "workgroupName", 1);
	if (name == NULL)
		return;
	why = name_check(name);
	if (why)
	{
		fail(r, "%s.workgroupName: \"%s\" is not a valid workgroup name: it %s", path,
			 excerpt(ex, sizeof(ex), 80, name, strlen(name)), why);
		return;
	}
	nsname = get_string(r, jw, path, "namespaceName", 1);
	if (nsname == NULL)
		return;
	why = name_check(nsname);
	if (why)
	{
		fail(r, "%s.namespaceName: \"%s\" is not a valid namespace name: it %s", path,
			 excerpt(ex, sizeof(ex), 80, nsname, strlen(nsname)), why);
		return;
	}
	arn = get_string(r, jw, path, "workgroupArn", 1);
	if (arn == NULL)
		return;
	why = resource_arn_split(r, arn, "workgroup", &wg->account, &wg->region, &id);
	free(id);
	if (why)
	{
		fail(r, "%s.workgroupArn: \"%s\" is not a workgroup ARN: %s", path,
			 excerpt(ex, sizeof(ex), 80, arn, strlen(arn)), why);
		return;
	}
	wg->name = dup_n(r, name, strlen(name));
	wg->namespace_name = dup_n(r, nsname, strlen(nsname));
	wg->arn = dup_n(r, arn, strlen(arn));
	wg->status = read_status(r, jw, path);
}

/* The list member (array) or the single member (object) of root, counted. */
static json_t *
list_of(reader *r, json_t *root, const char *many, const char *one, int *single, size_t *n)
{
	json_t	   *list = member(root, many);
	json_t	   *obj = member(root, one);

	*single = 0;
	*n = 0;
	if (list && obj)
	{
		fail(r, "(document): both %s and %s are present", many, one);
		return NULL;
	}
	if (list)
	{
		if (!json_is_array(list))
		{
			fail(r, "%s: expected an array, found %s", many, rsi_json_type_name(list));
			return NULL;
		}
		*n = json_array_size(list);
		return list;
	}
	if (obj)
	{
		*single = 1;
		*n = 1;
	}
	return obj;
}

static json_t *
item(json_t *list, int single, size_t i)
{
	return single ? list : json_array_get(list, i);
}

static int
same_place(const char *a1, const char *r1, const char *a2, const char *r2)
{
	return strcmp(a1, a2) == 0 && strcmp(r1, r2) == 0;
}

/* Namespaces (workgroups) a and b of the document: the same name in the same place? */
static int
same_namespace(const void *ctx, size_t a, size_t b)
{
	const rsi_serverless_doc *doc = ctx;
	const rsi_described_namespace *x = &doc->namespaces[a],
			   *y = &doc->namespaces[b];

	return strcmp(x->name, y->name) == 0 && same_place(x->account, x->region, y->account, y->region);
}

static int
same_workgroup(const void *ctx, size_t a, size_t b)
{
	const rsi_serverless_doc *doc = ctx;
	const rsi_described_workgroup *x = &doc->workgroups[a],
			   *y = &doc->workgroups[b];

	return strcmp(x->name, y->name) == 0 && same_place(x->account, x->region, y->account, y->region);
}

static uint64_t
place_hash(const char *name, const char *account, const char *region)
{
	return rsi_hash_str(rsi_hash_str(rsi_hash_str(RSI_HASH_INIT, name), account), region);
}

int
rsi_serverless_parse(const char *text, size_t len, rsi_serverless_doc *doc,
					 char *err, size_t errlen)
{
	reader		r;
	json_error_t jerr;
	json_t	   *root,
			   *nslist,
			   *wglist;
	int			ns_single,
				wg_single;
	size_t		nns,
				nwg,
				i,
				j;
	rsi_index_set seen_ns = {NULL, 0},
				seen_wg = {NULL, 0};

	r.err = err;
	r.errlen = errlen;
	r.failed = 0;
	if (errlen > 0)
		err[0] = '\0';
	memset(doc, 0, sizeof(*doc));

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
	{
		fail(&r, "not valid JSON (line %d, column %d): %s", jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(root))
	{
		fail(&r, "(document): expected an object with a namespaces or workgroups member, found %s",
			 rsi_json_type_name(root));
		json_decref(root);
		return -1;
	}
	nslist = list_of(&r, root, "namespaces", "namespace", &ns_single, &nns);
	wglist = list_of(&r, root, "workgroups", "workgroup", &wg_single, &nwg);
	if (!r.failed && nslist == NULL && wglist == NULL)
		fail(&r, "(document): missing member namespaces (or namespace, workgroups, workgroup)");
	if (!r.failed && nns > 0)
	{
		doc->namespaces = calloc(nns, sizeof(rsi_described_namespace));
		if (doc->namespaces == NULL || rsi_index_set_init(&seen_ns, nns) != 0)
			fail(&r, "out of memory");
	}
	if (!r.failed && nwg > 0)
	{
		doc->workgroups = calloc(nwg, sizeof(rsi_described_workgroup));
		if (doc->workgroups == NULL || rsi_index_set_init(&seen_wg, nwg) != 0)
			fail(&r, "out of memory");
	}
	for (i = 0; i < nns && !r.failed; i++)
	{
		char		path[PATH_MAX_LEN];
		rsi_described_namespace *ns = &doc->namespaces[i];

		if (ns_single)
			snprintf(path, sizeof(path), "namespace");
		else
			snprintf(path, sizeof(path), "namespaces[%zu]", i);
		doc->n_namespaces = i + 1;
		read_namespace(&r, item(nslist, ns_single, i), path, ns);
		if (!r.failed &&
			(j = rsi_index_set_find_add(&seen_ns, place_hash(ns->name, ns->account, ns->region), i,
										same_namespace, doc)) != SIZE_MAX)
			fail(&r, "%s.namespaceName: namespace %s is listed twice (also namespaces[%zu])",
				 path, ns->name, j);
	}
	for (i = 0; i < nwg && !r.failed; i++)
	{
		char		path[PATH_MAX_LEN];
		rsi_described_workgroup *wg = &doc->workgroups[i];

		if (wg_single)
			snprintf(path, sizeof(path), "workgroup");
		else
			snprintf(path, sizeof(path), "workgroups[%zu]", i);
		doc->n_workgroups = i + 1;
		read_workgroup(&r, item(wglist, wg_single, i), path, wg);
		if (!r.failed &&
			(j = rsi_index_set_find_add(&seen_wg, place_hash(wg->name, wg->account, wg->region), i,
										same_workgroup, doc)) != SIZE_MAX)
			fail(&r, "%s.workgroupName: workgroup %s is listed twice (also workgroups[%zu])",
				 path, wg->name, j);
	}
	rsi_index_set_free(&seen_ns);
	rsi_index_set_free(&seen_wg);
	json_decref(root);
	if (r.failed)
	{
		rsi_serverless_free(doc);
		return -1;
	}
	return 0;
}

void
rsi_serverless_free(rsi_serverless_doc *doc)
{
	size_t		i,
				j;

	for (i = 0; i < doc->n_namespaces; i++)
	{
		rsi_described_namespace *ns = &doc->namespaces[i];

		for (j = 0; j < ns->n_roles; j++)
		{
			free(ns->roles[j].arn);
			free(ns->roles[j].status);
		}
		free(ns->roles);
		free(ns->name);
		free(ns->id);
		free(ns->arn);
		free(ns->account);
		free(ns->region);
		free(ns->status);
		free(ns->default_role);
	}
	for (i = 0; i < doc->n_workgroups; i++)
	{
		rsi_described_workgroup *wg = &doc->workgroups[i];

		free(wg->name);
		free(wg->namespace_name);
		free(wg->arn);
		free(wg->account);
		free(wg->region);
		free(wg->status);
	}
	free(doc->namespaces);
	free(doc->workgroups);
	memset(doc, 0, sizeof(*doc));
}

static int
serving(const char *st)
{
	return strcmp(st, "AVAILABLE") == 0 || strcmp(st, "MODIFYING") == 0;
}

const char *
rsi_serverless_effective_status(const char *ns_status, const char *wg_status, char *buf,
								size_t bufsz)
{
	const char *st;
	size_t		i;

	if (ns_status == NULL || bufsz == 0)
		return NULL;
	st = wg_status && !serving(wg_status) ? wg_status : serving(ns_status) ? "available" : ns_status;
	for (i = 0; st[i] && i + 1 < bufsz; i++)
		buf[i] = (st[i] >= 'A' && st[i] <= 'Z') ? (char) (st[i] + ('a' - 'A')) : st[i];
	buf[i] = '\0';
	return buf;
}

int
rsi_serverless_ref_ok(const char *s, size_t n)
{
	reader		r = {NULL, 0, 0};
	char		buf[200];
	char	   *account = NULL,
			   *region = NULL,
			   *id = NULL;
	int			ok;

	if (name_check_n(s, n) == NULL)
		return 1;
	if (n >= sizeof(buf) || memchr(s, '\0', n) != NULL)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	ok = resource_arn_split(&r, buf, "namespace", &account, &region, &id) == NULL;
	free(account);
	free(region);
	free(id);
	account = region = id = NULL;
	if (!ok)
	{
		ok = resource_arn_split(&r, buf, "workgroup", &account, &region, &id) == NULL;
		free(account);
		free(region);
		free(id);
	}
	return ok;
}

int
rsi_serverless_doc_detect(const char *text, size_t len)
{
	json_error_t jerr;
	json_t	   *root = json_loadb(text, len, 0, &jerr);
	int			yes;

	if (root == NULL)
		return 0;
	yes = json_is_object(root) &&
		(json_object_get(root, "namespaces") || json_object_get(root, "namespace") ||
		 json_object_get(root, "workgroups") || json_object_get(root, "workgroup"));
	json_decref(root);
	return yes;
}

/* Sets key to a string (or null for NULL); returns nonzero on failure. */
static int
set_str(json_t *o, const char *key, const char *s)
{
	return json_object_set_new(o, key, s ? json_string(s) : json_null()) != 0;
}

static json_t *
namespace_json(const rsi_described_namespace *ns)
{
	json_t	   *o = rsi_json_object();
	json_t	   *roles = json_array();
	size_t		j;

	if (o == NULL || roles == NULL)
	{
		json_decref(o);
		json_decref(roles);
		return NULL;
	}
	for (j = 0; j < ns->n_roles; j++)
	{
		json_t	   *r = rsi_json_object();

		if (r == NULL || set_str(r, "arn", ns->roles[j].arn) || set_str(r, "status", ns->roles[j].status) ||
			json_array_append_new(roles, r) != 0)
		{
			json_decref(r);
			json_decref(o);
			json_decref(roles);
			return NULL;
		}
	}
	/* json_object_set_new takes roles even when it fails */
	if (set_str(o, "name", ns->name) || set_str(o, "id", ns->id) || set_str(o, "arn", ns->arn) ||
		set_str(o, "account", ns->account) || set_str(o, "region", ns->region) ||
		set_str(o, "status", ns->status) || set_str(o, "default_role", ns->default_role))
	{
		json_decref(roles);
		json_decref(o);
		return NULL;
	}
	if (json_object_set_new(o, "roles", roles) != 0)
	{
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
workgroup_json(const rsi_described_workgroup *wg)
{
	json_t	   *o = rsi_json_object();

	if (o == NULL || set_str(o, "name", wg->name) || set_str(o, "namespace", wg->namespace_name) ||
		set_str(o, "arn", wg->arn) || set_str(o, "account", wg->account) ||
		set_str(o, "region", wg->region) || set_str(o, "status", wg->status))
	{
		json_decref(o);
		return NULL;
	}
	return o;
}

char *
rsi_serverless_json_text(const rsi_serverless_doc *doc)
{
	json_t	   *root = rsi_json_object();
	json_t	   *nss = json_array();
	json_t	   *wgs = json_array();
	size_t		i;
	int			bad = (root == NULL || nss == NULL || wgs == NULL);
	char	   *out;

	for (i = 0; i < doc->n_namespaces && !bad; i++)
	{
		json_t	   *o = namespace_json(&doc->namespaces[i]);

		bad = o == NULL || json_array_append_new(nss, o) != 0;
	}
	for (i = 0; i < doc->n_workgroups && !bad; i++)
	{
		json_t	   *o = workgroup_json(&doc->workgroups[i]);

		bad = o == NULL || json_array_append_new(wgs, o) != 0;
	}
	if (bad)
	{
		json_decref(root);
		json_decref(nss);
		json_decref(wgs);
		return NULL;
	}
	if (json_object_set_new(root, "namespaces", nss) != 0)
	{
		json_decref(wgs);
		json_decref(root);
		return NULL;
	}
	if (json_object_set_new(root, "workgroups", wgs) != 0)
	{
		json_decref(root);
		return NULL;
	}
	out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return out;
}
