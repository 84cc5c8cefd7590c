/*
 * describe.c — the reader of describe-clusters output (see describe.h).
 */
#include "cluster/describe.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster_rules.h"
#include "util/index_set.h"
#include "util/json_util.h"
#include "util/utf8.h"
#include "check/validate.h"

#define PATH_MAX_LEN 96

/* ClusterStatus values documented by botocore. */
static const char *const cluster_statuses[] = {
	"available", "available, prep-for-resize", "available, resize-cleanup",
	"cancelling-resize", "creating", "deleting", "final-snapshot",
	"hardware-failure", "incompatible-hsm", "incompatible-network",
	"incompatible-parameters", "incompatible-restore", "modifying", "paused",
	"rebooting", "renaming", "resizing", "rotating-keys", "storage-full",
	"updating-hsm", NULL
};

int
rsi_cluster_status_is_known(const char *s)
{
	int			i;

	for (i = 0; cluster_statuses[i]; i++)
		if (strcmp(cluster_statuses[i], s) == 0)
			return 1;
	return 0;
}

static const char *const availability_statuses[] = {
	"Available", "Unavailable", "Maintenance", "Modifying", "Failed", NULL
};

int
rsi_cluster_availability_is_known(const char *s)
{
	int			i;

	for (i = 0; availability_statuses[i]; i++)
		if (strcmp(availability_statuses[i], s) == 0)
			return 1;
	return 0;
}

/*
 * An availability zone is its region and one letter ("eu-west-1a"); a
 * region ends in a digit, so whatever follows the last digit is the zone.
 */
const char *
rsi_az_region(const char *az, char *buf, size_t bufsz)
{
	size_t		n = strlen(az);

	if (n < 2 || !(az[n - 1] >= 'a' && az[n - 1] <= 'z'))
		return NULL;
	n--;
	if (n >= bufsz || rsi_region_check(az, n) != NULL)
		return NULL;
	memcpy(buf, az, n);
	buf[n] = '\0';
	return buf;
}

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

/*
 * A value of the input for a message: at most max bytes (max < bufsz - 3),
 * cut between characters, "..." when cut, invalid UTF-8 as U+FFFD.
 */
static const char *
excerpt(char *buf, size_t bufsz, size_t max, const char *s)
{
	int			cut;
	size_t		n = rsi_utf8_excerpt(s, strlen(s), max < bufsz - 4 ? max : bufsz - 4, buf, &cut);

	if (cut)
		memcpy(buf + n, "...", 4);
	return buf;
}

static char *
dup_str(reader *r, const char *s)
{
	size_t		n = strlen(s);
	char	   *p = malloc(n + 1);

	if (p == NULL)
	{
		fail(r, "out of memory");
		return NULL;
	}
	memcpy(p, s, n + 1);
	return p;
}

/* A member that is absent or JSON null counts as absent. */
static json_t *
member(json_t *obj, const char *key)
{
	json_t	   *v = json_object_get(obj, key);

	return (v && !json_is_null(v)) ? v : NULL;
}

/* Required or optional string member; returns NULL (and fails if required). */
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

static int
is_digits(const char *s, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * YYYY-MM-DD[T ]HH:MM:SS[.fraction](Z|+HH[:MM]|-HH[:MM]): the forms the
 * API (…Z) and the AWS CLI v2 (…+00:00) print.  A zone is required so the
 * instant does not depend on the session's TimeZone.
 */
static int
is_timestamp(const char *s)
{
	size_t		n = strlen(s),
				i;

	if (n < 20 || !is_digits(s, 4) || s[4] != '-' || !is_digits(s + 5, 2) || s[7] != '-' ||
		!is_digits(s + 8, 2) || (s[10] != 'T' && s[10] != ' ') || !is_digits(s + 11, 2) ||
		s[13] != ':' || !is_digits(s + 14, 2) || s[16] != ':' || !is_digits(s + 17, 2))
		return 0;
	i = 19;
	if (s[i] == '.')
	{
		i++;
		if (!(s[i] >= '0' && s[i] <= '9'))
			return 0;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (s[i] == 'Z')
		return s[i + 1] == '\0';
	if (s[i] != '+' && s[i] != '-')
		return 0;
	i++;
	if (!is_digits(s + i, 2))
		return 0;
	i += 2;
	if (s[i] == '\0')
		return 1;
	if (s[i] == ':')
		i++;
	return is_digits(s + i, 2) && s[i + 2] == '\0';
}

/* The account and partition of a role already read; 1 when acceptable. */
static int
check_role_place(reader *r, const char *path, const char *arn, const rsi_role_arn *parts,
				 const char *account, const char *from, const char *partition)
{
	if (account && strcmp(parts->account, account) != 0)
	{
		fail(r, "%s: the role belongs to account %s, not to the cluster's account %s (%s)",
			 path, parts->account, account, from);
		return 0;
	}
	if (partition && !rsi_role_arn_in_partition(arn, parts, partition))
	{
		fail(r, "%s: the role is in partition %.*s, not in the partition %s of the cluster's region",
			 path, (int) parts->partition_len, arn + parts->partition_off, partition);
		return 0;
	}
	return 1;
}

/*
 * Check a role ARN member value; returns 1 when acceptable.  With account
 * set, the role must be in it (a role and its cluster are in one account);
 * from names where that account came from.  With partition set, the role
 * must be in it.
 */
static int
check_role_arn(reader *r, const char *path, const char *arn, rsi_role_arn *parts,
			   const char *account, const char *from, const char *partition)
{
	rsi_role_arn local;
	const char *why;

	if (parts == NULL)
		parts = &local;
	why = rsi_role_arn_check(arn, strlen(arn), parts);
	if (why)
	{
		char		ex[100];

		fail(r, "%s: \"%s\" is not a valid IAM role ARN: %s", path, excerpt(ex, sizeof(ex), 80, arn), why);
		return 0;
	}
	if (rsi_role_arn_is_service_linked(arn, strlen(arn)))
	{
		char		ex[220];

		fail(r, "%s: %s is a service-linked role, which cannot be associated with a cluster",
			 path, excerpt(ex, sizeof(ex), 200, arn));
		return 0;
	}
	return check_role_place(r, path, arn, parts, account, from, partition);
}

/* Are roles a and b of the cluster the same ARN? */
static int
same_role(const void *ctx, size_t a, size_t b)
{
	const rsi_described_cluster *c = ctx;

	return strcmp(c->roles[a].arn, c->roles[b].arn) == 0;
}

static void
read_roles(reader *r, json_t *jc, const char *path, rsi_described_cluster *c)
{
	json_t	   *roles = member(jc, "IamRoles");
	rsi_index_set seen;
	size_t		i,
				j,
				n;

	if (roles == NULL)
		return;
	if (!json_is_array(roles))
	{
		fail(r, "%s.IamRoles: expected an array, found %s", path, rsi_json_type_name(roles));
		return;
	}
	n = json_array_size(roles);
	if (n == 0)
		return;
	c->roles = calloc(n, sizeof(rsi_described_role));
	if (c->roles == NULL || rsi_index_set_init(&seen, n) != 0)
	{
		fail(r, "out of memory");
		return;
	}
	for (i = 0; i < n && !r->failed; i++)
	{
		json_t	   *jr = json_array_get(roles, i);
		char		rpath[PATH_MAX_LEN + 32];
		char		apath[PATH_MAX_LEN + 64];
		const char *arn,
				   *st,
				   *st2;
		rsi_role_arn parts;

		snprintf(rpath, sizeof(rpath), "%s.IamRoles[%zu]", path, i);
		if (!json_is_object(jr))
		{
			fail(r, "%s: expected an object, found %s", rpath, rsi_json_type_name(jr));
			break;
		}
		arn = get_string(r, jr, rpath, "IamRoleArn", 1);
		if (arn == NULL)
			break;
		snprintf(apath, sizeof(apath), "%s.IamRoleArn", rpath);
		if (!check_role_arn(r, apath, arn, &parts, NULL, NULL, NULL))
			break;
		c->roles[i].arn = dup_str(r, arn);
		if (c->roles[i].arn == NULL)
			break;
		c->n_roles = i + 1;		/* freed with the cluster from here on */
		if ((j = rsi_index_set_find_add(&seen, rsi_hash_str(RSI_HASH_INIT, arn), i,
										same_role, c)) != SIZE_MAX)
		{
			fail(r, "%s: the role is listed twice (also %s.IamRoles[%zu])", apath, path, j);
			break;
		}
		st = get_string(r, jr, rpath, "ApplyStatus", 0);
		if (r->failed)
			break;
		st2 = get_string(r, jr, rpath, "IamRoleApplyStatus", 0);
		if (r->failed)
			break;
		if (st == NULL && st2 == NULL)
		{
			fail(r, "%s: missing member ApplyStatus", rpath);
			break;
		}
		if (st && st2 && strcmp(st, st2) != 0)
		{
			fail(r, "%s: ApplyStatus and IamRoleApplyStatus disagree", rpath);
			break;
		}
		if (st == NULL)
			st = st2;
		if (strcmp(st, "in-sync") != 0 && strcmp(st, "adding") != 0 && strcmp(st, "removing") != 0)
		{
			fail(r, "%s.%s: expected one of in-sync, adding, removing", rpath,
				 st2 && !member(jr, "ApplyStatus") ? "IamRoleApplyStatus" : "ApplyStatus");
			break;
		}
		c->roles[i].status = dup_str(r, st);
		memcpy(c->roles[i].account, parts.account, sizeof(parts.account));
		c->roles[i].partition_off = parts.partition_off;
		c->roles[i].partition_len = parts.partition_len;
		c->n_roles = i + 1;
	}
	rsi_index_set_free(&seen);
}

/* Append a sentence to the cluster's warning. */
#if defined(__GNUC__)
static void warn(reader *r, rsi_described_cluster *c, const char *fmt,...) __attribute__((format(printf, 3, 4)));
#endif

static void
warn(reader *r, rsi_described_cluster *c, const char *fmt,...)
{
	char		buf[512];
	size_t		old = c->warning ? strlen(c->warning) : 0;
	size_t		n;
	char	   *p;
	va_list		ap;

	va_start(ap, fmt);
	rsi_utf8_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = strlen(buf);
	p = realloc(c->warning, old + n + 2);
	if (p == NULL)
	{
		fail(r, "out of memory");
		return;
	}
	if (old)
		p[old++] = ' ';
	memcpy(p + old, buf, n + 1);
	c->warning = p;
}

/*
 * arn:<partition>:redshift:<region>:<account>:namespace:<id>; fills
 * region and account (NUL-terminated) or returns 0.
 */
static int
namespace_arn(const char *arn, char *region, size_t rlen, char *account, size_t alen)
{
	const char *p,
			   *q;

	if (strncmp(arn, "arn:", 4) != 0)
		return 0;
	p = strchr(arn + 4, ':');
	if (p == NULL || strncmp(p, ":redshift:", 10) != 0)
		return 0;
	p += 10;
	q = strchr(p, ':');
	if (q == NULL || (size_t) (q - p) >= rlen || rsi_region_check(p, (size_t) (q - p)) != NULL)
		return 0;
	memcpy(region, p, (size_t) (q - p));
	region[q - p] = '\0';
	p = q + 1;
	q = strchr(p, ':');
	if (q == NULL || (size_t) (q - p) >= alen || rsi_account_id_check(p, (size_t) (q - p)) != NULL)
		return 0;
	memcpy(account, p, (size_t) (q - p));
	account[q - p] = '\0';
	return strncmp(q, ":namespace:", 11) == 0 && q[11] != '\0';
}

/* Where the cluster's account came from, for messages. */
static const char *
account_origin(const rsi_described_cluster *c, const rsi_describe_options *opt)
{
	if (c->account_from)
		return c->account_from;
	if (opt && opt->account)
		return opt->account_name ? opt->account_name : "the account set";
	return "the default account";
}

/*
 * The cluster's account and region from the input, checked against each
 * other and against what the options set explicitly; then every role is
 * checked against them.
 */
static void
place_cluster(reader *r, const rsi_describe_options *opt, json_t *jc, const char *path,
			  rsi_described_cluster *c)
{
	char		ns_region[40] = "",
				ns_account[16] = "",
				az_region[40] = "",
				rpath[PATH_MAX_LEN + 64];
	const char *ns,
			   *az,
			   *account = NULL,
			   *region = NULL,
			   *partition;
	size_t		i;
	int			max;

	ns = get_string(r, jc, path, "ClusterNamespaceArn", 0);
	if (r->failed)
		return;
	if (ns && !namespace_arn(ns, ns_region, sizeof(ns_region), ns_account, sizeof(ns_account)))
	{
		char		ex[100];

		fail(r, "%s.ClusterNamespaceArn: \"%s\" is not a namespace ARN like arn:aws:redshift:us-east-1:123456789012:namespace:<id>",
			 path, excerpt(ex, sizeof(ex), 80, ns));
		return;
	}
	az = get_string(r, jc, path, "AvailabilityZone", 0);
	if (r->failed)
		return;
	if (az && rsi_az_region(az, az_region, sizeof(az_region)) == NULL)
		az_region[0] = '\0';	/* not a zone this reader can place: ignored */
	if (ns)
	{
		account = ns_account;
		c->account_from = "ClusterNamespaceArn";
		region = ns_region;
		c->region_from = "ClusterNamespaceArn";
		if (az_region[0] && strcmp(az_region, ns_region) != 0)
		{
			fail(r, "%s.AvailabilityZone: %s is not in region %s of the ClusterNamespaceArn",
				 path, az, ns_region);
			return;
		}
	}
	else if (az_region[0])
	{
		region = az_region;
		c->region_from = "AvailabilityZone";
	}
	if (account == NULL && c->n_roles > 0)
	{
		memcpy(ns_account, c->roles[0].account, sizeof(ns_account) - 1);
		ns_account[sizeof(ns_account) - 1] = '\0';
		account = ns_account;
		c->account_from = "IamRoles";
	}
	if (account && opt && opt->account && strcmp(account, opt->account) != 0)
	{
		fail(r, "%s: the cluster is in account %s (from its %s), but %s is %s",
			 path, account, c->account_from,
			 opt->account_name ? opt->account_name : "the account set", opt->account);
		return;
	}
	if (region && opt && opt->region && strcmp(region, opt->region) != 0)
	{
		fail(r, "%s: the cluster is in region %s (from its %s), but %s is %s",
			 path, region, c->region_from,
			 opt->region_name ? opt->region_name : "the region set", opt->region);
		return;
	}
	if (account == NULL)
		account = opt && opt->account ? opt->account :
			opt && opt->default_account ? opt->default_account : NULL;
	if (region == NULL)
		region = opt && opt->region ? opt->region :
			opt && opt->default_region ? opt->default_region : NULL;
	if (account)
		c->account_id = dup_str(r, account);
	if (region)
		c->region = dup_str(r, region);
	if (r->failed)
		return;
	partition = opt && opt->partition ? opt->partition : region ? rsi_region_partition(region) : NULL;
	for (i = 0; i < c->n_roles; i++)
	{
		rsi_role_arn parts;

		memset(&parts, 0, sizeof(parts));
		memcpy(parts.account, c->roles[i].account, sizeof(parts.account));
		parts.partition_off = c->roles[i].partition_off;
		parts.partition_len = c->roles[i].partition_len;
		/* the path only for a message: 100,000 roles are checked here */
		if ((account && strcmp(parts.account, account) != 0) ||
			(partition && !rsi_role_arn_in_partition(c->roles[i].arn, &parts, partition)))
		{
			snprintf(rpath, sizeof(rpath), "%s.IamRoles[%zu].IamRoleArn", path, i);
			(void) check_role_place(r, rpath, c->roles[i].arn, &parts, account, account_origin(c, opt), partition);
			return;
		}
	}
	max = opt ? opt->max_roles : 0;
	if (max > 0)
		max = rsi_region_max_roles(region, max);
	if (max > 0 && c->n_roles > (size_t) max)
		fail(r, "%s.IamRoles: %zu roles exceed the quota of %d roles per cluster%s%s",
			 path, c->n_roles, max, region ? " in " : "", region ? region : "");
}

static void
read_cluster(reader *r, const rsi_describe_options *opt, json_t *jc, const char *path,
			 rsi_described_cluster *c)
{
	const char *id,
			   *type,
			   *st,
			   *av,
			   *t,
			   *def;
	json_t	   *jn;
	char		buf[160];
	const char *why;
	size_t		i;

	if (!json_is_object(jc))
	{
		fail(r, "%s: expected an object, found %s", path, rsi_json_type_name(jc));
		return;
	}
	id = get_string(r, jc, path, "ClusterIdentifier", 1);
	if (id == NULL)
		return;
	why = rsi_cluster_identifier_check(id, strlen(id));
	if (why)
	{
		char		ex[100];

		fail(r, "%s.ClusterIdentifier: \"%s\" is not a valid cluster identifier: %s", path,
			 excerpt(ex, sizeof(ex), 80, id), why);
		return;
	}
	type = get_string(r, jc, path, "NodeType", 1);
	if (type == NULL)
		return;
	jn = member(jc, "NumberOfNodes");
	if (jn == NULL)
	{
		fail(r, "%s: missing member NumberOfNodes", path);
		return;
	}
	if (!json_is_integer(jn))
	{
		fail(r, "%s.NumberOfNodes: expected an integer, found %s", path,
			 json_is_real(jn) ? "a fraction" : rsi_json_type_name(jn));
		return;
	}
	if (json_integer_value(jn) < 1 || json_integer_value(jn) > 100000)
	{
		fail(r, "%s.NumberOfNodes: expected a count from 1 to 100000", path);
		return;
	}
	if (type[0] == '\0' || strlen(type) > 64)
	{
		fail(r, "%s.NodeType: expected a node type like ra3.4xlarge", path);
		return;
	}
	c->number_of_nodes = (long) json_integer_value(jn);
	/* a node type or count AWS added after this table: kept, with a warning */
	if (rsi_node_type_lookup(type, strlen(type)) == NULL)
		warn(r, c, "NodeType %s is not a node type this version knows; its node count is not checked.",
			 excerpt(buf, sizeof(buf), 64, type));
	else if ((why = rsi_node_count_check(type, strlen(type), c->number_of_nodes, 1, buf, sizeof(buf))) != NULL)
		warn(r, c, "%s It is kept as described.", why);
	st = get_string(r, jc, path, "ClusterStatus", 0);
	if (r->failed)
		return;
	if (st && (st[0] == '\0' || strlen(st) > 256))
	{
		fail(r, "%s.ClusterStatus: expected a status like available", path);
		return;
	}
	if (st && !rsi_cluster_status_is_known(st))
		warn(r, c, "ClusterStatus \"%s\" is not a status botocore documents; it is kept as written and checks treat the cluster as not available now.",
			 excerpt(buf, sizeof(buf), 64, st));
	av = get_string(r, jc, path, "ClusterAvailabilityStatus", 0);
	if (r->failed)
		return;
	if (av && (av[0] == '\0' || strlen(av) > 256))
	{
		fail(r, "%s.ClusterAvailabilityStatus: expected a status like Available", path);
		return;
	}
	if (av && !rsi_cluster_availability_is_known(av))
		warn(r, c, "ClusterAvailabilityStatus \"%s\" is not one botocore documents; checks treat the cluster as not available now.",
			 excerpt(buf, sizeof(buf), 64, av));
	t = get_string(r, jc, path, "ClusterCreateTime", 0);
	if (r->failed)
		return;
	if (t && !is_timestamp(t))
	{
		fail(r, "%s.ClusterCreateTime: expected a time like 2023-05-19T12:00:00.000Z", path);
		return;
	}
	c->identifier = dup_str(r, id);
	c->node_type = dup_str(r, type);
	c->status = dup_str(r, st ? st : "available");
	c->availability = av ? dup_str(r, av) : NULL;
	c->create_time = t ? dup_str(r, t) : NULL;
	if (r->failed)
		return;
	read_roles(r, jc, path, c);
	if (r->failed)
		return;
	def = get_string(r, jc, path, "DefaultIamRoleArn", 0);
	if (r->failed)
		return;
	place_cluster(r, opt, jc, path, c);
	if (r->failed || def == NULL || def[0] == '\0')
		return;
	{
		char		dpath[PATH_MAX_LEN + 32];

		snprintf(dpath, sizeof(dpath), "%s.DefaultIamRoleArn", path);
		if (!check_role_arn(r, dpath, def, NULL, c->account_id, account_origin(c, opt),
							c->region ? rsi_region_partition(c->region) : NULL))
			return;
		for (i = 0; i < c->n_roles; i++)
			if (strcmp(c->roles[i].arn, def) == 0)
				break;
		if (i == c->n_roles)
		{
			fail(r, "%s: the default role is not among the cluster's IamRoles", dpath);
			return;
		}
		c->default_role = dup_str(r, def);
	}
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Are clusters a and b of the document the same (identifier, account, region)? */
static int
same_cluster(const void *ctx, size_t a, size_t b)
{
	const rsi_describe_doc *doc = ctx;
	const rsi_described_cluster *x = &doc->clusters[a],
			   *y = &doc->clusters[b];

	return strcmp(x->identifier, y->identifier) == 0 &&
		same(x->account_id, y->account_id) && same(x->region, y->region);
}

static uint64_t
cluster_hash(const rsi_described_cluster *c)
{
	return rsi_hash_str(rsi_hash_str(rsi_hash_str(RSI_HASH_INIT, c->identifier), c->account_id),
						c->region);
}

int
rsi_describe_parse(const char *text, size_t len, const rsi_describe_options *opt,
				   rsi_describe_doc *doc, char *err, size_t errlen)
{
	reader		r;
	json_error_t jerr;
	json_t	   *root;
	int			rc;

	doc->n_clusters = 0;
	doc->clusters = NULL;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
	{
		r.err = err;
		r.errlen = errlen;
		r.failed = 0;
		fail(&r, "not valid JSON (line %d, column %d): %s", jerr.line, jerr.column, jerr.text);
		return -1;
	}
	rc = rsi_describe_read(root, opt, doc, err, errlen);
	json_decref(root);
	return rc;
}

int
rsi_describe_read(json_t *root, const rsi_describe_options *opt,
				  rsi_describe_doc *doc, char *err, size_t errlen)
{
	reader		r;
	json_t	   *list,
			   *single;
	rsi_index_set seen = {NULL, 0};
	size_t		i,
				j,
				n;

	r.err = err;
	r.errlen = errlen;
	r.failed = 0;
	if (errlen > 0)
		err[0] = '\0';
	doc->n_clusters = 0;
	doc->clusters = NULL;

	if (json_is_array(root) && opt && opt->bare_array)
	{
		list = root;
		single = NULL;
	}
	else if (!json_is_object(root))
	{
		fail(&r, "(document): expected an object with a Clusters member, found %s", rsi_json_type_name(root));
		return -1;
	}
	else
	{
		list = member(root, "Clusters");
		single = member(root, "Cluster");
	}
	if (list == NULL && single == NULL)
		fail(&r, "(document): missing member Clusters");
	else if (list && single)
		fail(&r, "(document): both Clusters and Cluster are present");
	else if (list && !json_is_array(list))
		fail(&r, "Clusters: expected an array, found %s", rsi_json_type_name(list));
	if (r.failed)
		return -1;
	n = list ? json_array_size(list) : 1;
	if (n > 0)
	{
		doc->clusters = calloc(n, sizeof(rsi_described_cluster));
		if (doc->clusters == NULL || rsi_index_set_init(&seen, n) != 0)
		{
			fail(&r, "out of memory");
			free(doc->clusters);
			doc->clusters = NULL;
			return -1;
		}
	}
	for (i = 0; i < n && !r.failed; i++)
	{
		char		path[PATH_MAX_LEN];

		if (list == root)
			snprintf(path, sizeof(path), "[%zu]", i);
		else if (list)
			snprintf(path, sizeof(path), "Clusters[%zu]", i);
		else
			snprintf(path, sizeof(path), "Cluster");
		doc->n_clusters = i + 1;
		read_cluster(&r, opt, list ? json_array_get(list, i) : single, path,
					 &doc->clusters[i]);
		/* one identifier may name clusters of other accounts or regions */
		if (!r.failed &&
			(j = rsi_index_set_find_add(&seen, cluster_hash(&doc->clusters[i]), i,
										same_cluster, doc)) != SIZE_MAX)
			fail(&r, "%s.ClusterIdentifier: cluster %s is listed twice (also %s[%zu])",
				 path, doc->clusters[i].identifier, list == root ? "" : "Clusters", j);
	}
	rsi_index_set_free(&seen);
	if (r.failed)
	{
		rsi_describe_free(doc);
		return -1;
	}
	return 0;
}

void
rsi_describe_free(rsi_describe_doc *doc)
{
	size_t		i,
				j;

	for (i = 0; i < doc->n_clusters; i++)
	{
		rsi_described_cluster *c = &doc->clusters[i];

		for (j = 0; j < c->n_roles; j++)
		{
			free(c->roles[j].arn);
			free(c->roles[j].status);
		}
		free(c->roles);
		free(c->identifier);
		free(c->node_type);
		free(c->status);
		free(c->availability);
		free(c->account_id);
		free(c->region);
		free(c->warning);
		free(c->create_time);
		free(c->default_role);
	}
	free(doc->clusters);
	doc->clusters = NULL;
	doc->n_clusters = 0;
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *
rsi_describe_json_text(const rsi_describe_doc *doc)
{
	json_t	   *arr = json_array();
	size_t		i,
				j;
	char	   *out;
	int			bad = (arr == NULL);

	for (i = 0; i < doc->n_clusters && !bad; i++)
	{
		const rsi_described_cluster *c = &doc->clusters[i];
		json_t	   *o = rsi_json_object();
		json_t	   *roles = json_array();

		if (o == NULL || roles == NULL)
		{
			json_decref(o);
			json_decref(roles);
			bad = 1;
			break;
		}
		for (j = 0; j < c->n_roles && !bad; j++)
		{
			json_t	   *r = rsi_json_object();

			if (r == NULL ||
				json_object_set_new(r, "arn", json_string(c->roles[j].arn)) != 0 ||
				json_object_set_new(r, "status", json_string(c->roles[j].status)) != 0)
			{
				json_decref(r);
				bad = 1;
			}
			else if (json_array_append_new(roles, r) != 0)	/* takes r even when it fails */
				bad = 1;
		}
		if (bad ||
			json_object_set_new(o, "identifier", json_string(c->identifier)) != 0 ||
			json_object_set_new(o, "node_type", json_string(c->node_type)) != 0 ||
			json_object_set_new(o, "number_of_nodes", json_integer(c->number_of_nodes)) != 0 ||
			json_object_set_new(o, "status", json_string(c->status)) != 0 ||
			json_object_set_new(o, "availability", str_or_null(c->availability)) != 0 ||
			json_object_set_new(o, "create_time", str_or_null(c->create_time)) != 0 ||
			json_object_set_new(o, "account_id", str_or_null(c->account_id)) != 0 ||
			json_object_set_new(o, "region", str_or_null(c->region)) != 0 ||
			json_object_set_new(o, "warning", str_or_null(c->warning)) != 0 ||
			json_object_set_new(o, "default_role", str_or_null(c->default_role)) != 0)
		{
			json_decref(o);
			json_decref(roles);
			bad = 1;
			break;
		}
		/* both take their value even when they fail */
		if (json_object_set_new(o, "roles", roles) != 0)
		{
			json_decref(o);
			bad = 1;
			break;
		}
		if (json_array_append_new(arr, o) != 0)
			bad = 1;
	}
	if (bad)
	{
		json_decref(arr);
		return NULL;
	}
	out = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return out;
}
