/*
 * snapshot.c — read `aws iam get-account-authorization-details` output
 * (see snapshot.h).
 *
 * Sources: AWS CLI Command Reference, "get-account-authorization-details"
 * (https://docs.aws.amazon.com/cli/latest/reference/iam/get-account-authorization-details.html);
 * IAM API Reference, "RoleDetail" and "ManagedPolicyDetail" (documents are
 * URL-encoded, RFC 3986, in the API's answers;
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleDetail.html).
 *
 * Everything the snapshot holds is malloc'd and listed in the snapshot so
 * one call frees it; roles are sorted by ARN for binary search.
 */
#include "iam/snapshot.h"
#include "util/json_util.h"
#include "util/urlenc.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct managed
{
	const char *arn;
	const rsi_policy *policy;	/* NULL: broken or no default version */
	const char *problem;
} managed;

struct rsi_iam_snapshot
{
	rsi_iam_role *roles;
	size_t		nroles;
	rsi_iam_resource_policy *res;
	size_t		nres;
	/* owned memory */
	void	  **blocks;
	size_t		nblocks,
				capblocks;
	rsi_policy **policies;
	size_t		npolicies,
				cappolicies;
	int			oom;
};

static void *
keep(rsi_iam_snapshot *s, void *p)
{
	if (p == NULL)
	{
		s->oom = 1;
		return NULL;
	}
	if (s->nblocks == s->capblocks)
	{
		size_t		cap = s->capblocks ? s->capblocks * 2 : 64;
		void	  **nb = realloc(s->blocks, cap * sizeof(void *));

		if (nb == NULL)
		{
			free(p);
			s->oom = 1;
			return NULL;
		}
		s->blocks = nb;
		s->capblocks = cap;
	}
	s->blocks[s->nblocks++] = p;
	return p;
}

static char *
sdup(rsi_iam_snapshot *s, const char *v)
{
	size_t		n = strlen(v);
	char	   *d = keep(s, malloc(n + 1));

	if (d != NULL)
		memcpy(d, v, n + 1);
	return d;
}

static const char *
problem(rsi_iam_snapshot *s, const char *fmt, const char *a, const char *b)
{
	char		buf[400];

	rsi_utf8_snprintf(buf, sizeof(buf), fmt, a, b);
	return sdup(s, buf);
}

int
rsi_iam_arn_account(const char *arn, char *out)
{
	const char *p = arn;
	int			i;

	out[0] = '\0';
	if (arn == NULL || strncmp(arn, "arn:", 4) != 0)
		return 0;
	for (i = 0; i < 4; i++)
	{
		p = strchr(p, ':');
		if (p == NULL)
			return 0;
		p++;
	}
	for (i = 0; i < 12; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	if (p[12] != ':')
		return 0;
	memcpy(out, p, 12);
	out[12] = '\0';
	return 1;
}

/*
 * Compile one document (object, JSON text or URL-encoded JSON text).
 * Returns the policy, or NULL with *why set (NULL *why: out of memory).
 */
static const rsi_policy *
compile(rsi_iam_snapshot *s, json_t *doc, const char *name, rsi_policy_kind kind,
		const char **why)
{
	rsi_policy_error err;
	rsi_policy *p;
	char	   *text = NULL;
	size_t		len;

	*why = NULL;
	if (json_is_object(doc))
	{
		text = json_dumps(doc, JSON_COMPACT);
		if (text == NULL)
		{
			s->oom = 1;
			return NULL;
		}
		len = strlen(text);
	}
	else if (json_is_string(doc))
	{
		const char *v = json_string_value(doc);
		size_t		n = json_string_length(doc);
		long		d;

		text = malloc(n + 1);
		if (text == NULL)
		{
			s->oom = 1;
			return NULL;
		}
		if (rsi_url_looks_encoded_json(v, n))
		{
			d = rsi_url_decode(v, n, text, 0);
			if (d < 0)
			{
				free(text);
				*why = problem(s, "%s: the URL-encoded document has a malformed %%-escape%s", name, "");
				return NULL;
			}
			len = (size_t) d;
		}
		else
		{
			memcpy(text, v, n);
			text[n] = '\0';
			len = n;
		}
	}
	else
	{
		*why = problem(s, "%s: the document is %s, not an object or a string", name,
					   doc ? rsi_json_type_name(doc) : "missing");
		return NULL;
	}
	/* the size cap is IAM's business at write time; an export is what exists */
	{
		rsi_policy_options nocap = {0};

		p = rsi_policy_parse_kind(text, len, name, kind, &nocap, &err);
	}
	free(text);
	if (p == NULL)
	{
		if (err.out_of_memory)
			s->oom = 1;
		else
		{
			char		buf[400];

			rsi_utf8_snprintf(buf, sizeof(buf), "%s: %s: %s", name, err.element, err.message);
			*why = sdup(s, buf);
		}
		return NULL;
	}
	if (s->npolicies == s->cappolicies)
	{
		size_t		cap = s->cappolicies ? s->cappolicies * 2 : 32;
		rsi_policy **np = realloc(s->policies, cap * sizeof(*np));

		if (np == NULL)
		{
			rsi_policy_free(p);
			s->oom = 1;
			return NULL;
		}
		s->policies = np;
		s->cappolicies = cap;
	}
	s->policies[s->npolicies++] = p;
	return p;
}

static const char *
str_member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int
cmp_managed(const void *a, const void *b)
{
	return strcmp(((const managed *) a)->arn, ((const managed *) b)->arn);
}

static int
cmp_role(const void *a, const void *b)
{
	return strcmp(((const rsi_iam_role *) a)->arn, ((const rsi_iam_role *) b)->arn);
}

static managed *
load_managed(rsi_iam_snapshot *s, json_t *list, size_t *n)
{
	managed    *m;
	size_t		i,
				k = 0;

	*n = 0;
	if (!json_is_array(list) || json_array_size(list) == 0)
		return NULL;
	m = keep(s, calloc(json_array_size(list), sizeof(managed)));
	if (m == NULL)
		return NULL;
	for (i = 0; i < json_array_size(list) && !s->oom; i++)
	{
		json_t	   *pol = json_array_get(list, i);
		const char *arn = str_member(pol, "Arn");
		const char *def = str_member(pol, "DefaultVersionId");
		json_t	   *versions = json_object_get(pol, "PolicyVersionList");
		json_t	   *doc = NULL;
		size_t		j;

		if (arn == NULL)
			continue;
		m[k].arn = sdup(s, arn);
		for (j = 0; j < json_array_size(versions); j++)
		{
			json_t	   *v = json_array_get(versions, j);
			const char *vid = str_member(v, "VersionId");

			if ((def != NULL && vid != NULL && strcmp(def, vid) == 0) ||
				(def == NULL && json_is_true(json_object_get(v, "IsDefaultVersion"))))
			{
				doc = json_object_get(v, "Document");
				break;
			}
		}
		if (doc == NULL)
			m[k].problem = problem(s, "managed policy %s: the export holds no default version of it%s", arn, "");
		else
			m[k].policy = compile(s, doc, arn, RSI_POLICY_IDENTITY, &m[k].problem);
		k++;
	}
	qsort(m, k, sizeof(managed), cmp_managed);
	*n = k;
	return m;
}

static const managed *
find_managed(const managed *m, size_t n, const char *arn)
{
	managed		key;

	if (m == NULL)
		return NULL;
	key.arn = arn;
	return bsearch(&key, m, n, sizeof(managed), cmp_managed);
}

static void
load_role(rsi_iam_snapshot *s, json_t *r, const managed *m, size_t nm, rsi_iam_role *out)
{
	json_t	   *inl = json_object_get(r, "RolePolicyList");
	json_t	   *att = json_object_get(r, "AttachedManagedPolicies");
	json_t	   *trust = json_object_get(r, "AssumeRolePolicyDocument");
	size_t		cap = json_array_size(inl) + json_array_size(att),
				i;
	char		acct[13];
	char		name[300];
	const rsi_policy **perms;

	out->arn = sdup(s, str_member(r, "Arn"));
	out->name = sdup(s, str_member(r, "RoleName") ? str_member(r, "RoleName") : "");
	rsi_iam_arn_account(out->arn ? out->arn : "", acct);
	out->account = sdup(s, acct);
	if (s->oom)
		return;

	rsi_utf8_snprintf(name, sizeof(name), "trust policy of role %s", out->name);
	if (trust == NULL)
		out->trust_problem = problem(s, "role %s has no AssumeRolePolicyDocument in the export%s",
									 out->name, "");
	else
		out->trust = compile(s, trust, name, RSI_POLICY_TRUST, &out->trust_problem);

	perms = keep(s, calloc(cap ? cap : 1, sizeof(*perms)));
	if (perms == NULL)
		return;
	out->perms = perms;
	for (i = 0; i < json_array_size(inl) && !s->oom; i++)
	{
		json_t	   *ip = json_array_get(inl, i);
		const char *pn = str_member(ip, "PolicyName");
		const char *why;
		const rsi_policy *p;

		rsi_utf8_snprintf(name, sizeof(name), "inline policy %s of role %s", pn ? pn : "?", out->name);
		p = compile(s, json_object_get(ip, "PolicyDocument"), name, RSI_POLICY_IDENTITY, &why);
		if (p != NULL)
			perms[out->nperms++] = p;
		else if (why != NULL && out->perms_problem == NULL)
			out->perms_problem = why;
	}
	for (i = 0; i < json_array_size(att) && !s->oom; i++)
	{
		const char *pa = str_member(json_array_get(att, i), "PolicyArn");
		const managed *mp = pa ? find_managed(m, nm, pa) : NULL;

		if (mp != NULL && mp->policy != NULL)
			perms[out->nperms++] = mp->policy;
		else if (out->perms_problem == NULL)
			out->perms_problem = mp != NULL ? mp->problem
				: problem(s, "managed policy %s attached to role %s is not in the export's Policies",
						  pa ? pa : "?", out->name);
	}
}

/*
 * The one account of the export's roles, into out[13]; "" when the roles
 * name none or several.  It owns a bucket listed without AccountId: an
 * export is one account's, and bucket ARNs name no account.
 */
static void
export_account(json_t *roles, char *out)
{
	size_t		i;
	char		a[13];

	out[0] = '\0';
	for (i = 0; i < json_array_size(roles); i++)
	{
		if (!rsi_iam_arn_account(str_member(json_array_get(roles, i), "Arn"), a))
			continue;
		if (out[0] == '\0')
			memcpy(out, a, sizeof(a));
		else if (strcmp(out, a) != 0)
		{
			out[0] = '\0';
			return;
		}
	}
}

static int
is_account_id(const char *v)
{
	int			i;

	for (i = 0; i < 12; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return v[12] == '\0';
}

/*
 * The owner of each resource: AccountId, else the account its ARN names,
 * else the export's account (docs/iam-snapshot.md).  An AccountId that is
 * not 12 digits, or that contradicts the ARN, fails the load (*why).
 */
static int
load_resource_policies(rsi_iam_snapshot *s, json_t *list, const char *owner,
					   char *why, size_t whylen)
{
	size_t		i,
				n = json_array_size(list);

	if (n == 0)
		return 0;
	s->res = keep(s, calloc(n, sizeof(rsi_iam_resource_policy)));
	if (s->res == NULL)
		return 0;
	for (i = 0; i < n && !s->oom; i++)
	{
		json_t	   *e = json_array_get(list, i);
		const char *arn = str_member(e, "ResourceArn");
		json_t	   *acct = json_object_get(e, "AccountId");
		rsi_iam_resource_policy *rp = &s->res[s->nres];
		char		a[13];
		char		name[300];
		int			in_arn;

		if (arn == NULL)
			continue;
		in_arn = rsi_iam_arn_account(arn, a);
		if (acct != NULL &&
			(!json_is_string(acct) || !is_account_id(json_string_value(acct)) ||
			 (in_arn && strcmp(a, json_string_value(acct)) != 0)))
		{
			rsi_utf8_snprintf(why, whylen,
							  "ResourcePolicies[%zu].AccountId: the owner's account must be a string of 12 digits, and the account a KMS key's or Lambda function's ARN names",
							  i);
			return -1;
		}
		rp->arn = sdup(s, arn);
		if (acct != NULL)
			rp->account = sdup(s, json_string_value(acct));
		else if (in_arn)
			rp->account = sdup(s, a);
		else if (owner[0] != '\0')
			rp->account = sdup(s, owner);
		rsi_utf8_snprintf(name, sizeof(name), "resource policy of %s", arn);
		rp->policy = compile(s, json_object_get(e, "Policy"), name, RSI_POLICY_RESOURCE, &rp->problem);
		s->nres++;
	}
	return 0;
}

rsi_iam_snapshot *
rsi_iam_snapshot_load(const char *text, size_t len, rsi_iam_load_error *err)
{
	rsi_iam_load_error scratch;
	rsi_iam_snapshot *s;
	json_error_t jerr;
	json_t	   *root,
			   *roles;
	managed    *m;
	size_t		nm,
				i;
	char		owner[13];

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	root = json_loadb(text ? text : "", text ? len : 0, 0, &jerr);
	if (root == NULL)
	{
		rsi_utf8_snprintf(err->message, sizeof(err->message),
						  "the IAM export is not valid JSON (line %d, column %d): %s",
						  jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	roles = json_object_get(root, "RoleDetailList");
	if (!json_is_object(root) || (roles != NULL && !json_is_array(roles)))
	{
		rsi_utf8_snprintf(err->message, sizeof(err->message),
						  "the IAM export must be the object get-account-authorization-details prints, with RoleDetailList an array");
		json_decref(root);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
	{
		json_decref(root);
		err->out_of_memory = 1;
		rsi_utf8_snprintf(err->message, sizeof(err->message), "out of memory");
		return NULL;
	}
	m = load_managed(s, json_object_get(root, "Policies"), &nm);
	if (json_array_size(roles) > 0)
		s->roles = keep(s, calloc(json_array_size(roles), sizeof(rsi_iam_role)));
	for (i = 0; i < json_array_size(roles) && !s->oom; i++)
	{
		json_t	   *r = json_array_get(roles, i);

		if (!json_is_object(r) || str_member(r, "Arn") == NULL)
			continue;
		load_role(s, r, m, nm, &s->roles[s->nroles++]);
	}
	export_account(roles, owner);
	if (load_resource_policies(s, json_object_get(root, "ResourcePolicies"), owner,
							   err->message, sizeof(err->message)) != 0)
	{
		json_decref(root);
		rsi_iam_snapshot_free(s);
		return NULL;
	}
	json_decref(root);
	if (s->oom)
	{
		rsi_iam_snapshot_free(s);
		err->out_of_memory = 1;
		rsi_utf8_snprintf(err->message, sizeof(err->message), "out of memory");
		return NULL;
	}
	if (s->nroles > 1)
		qsort(s->roles, s->nroles, sizeof(rsi_iam_role), cmp_role);
	return s;
}

void
rsi_iam_snapshot_free(rsi_iam_snapshot *s)
{
	size_t		i;

	if (s == NULL)
		return;
	for (i = 0; i < s->npolicies; i++)
		rsi_policy_free(s->policies[i]);
	for (i = 0; i < s->nblocks; i++)
		free(s->blocks[i]);
	free(s->policies);
	free(s->blocks);
	free(s);
}

size_t
rsi_iam_snapshot_role_count(const rsi_iam_snapshot *s)
{
	return s ? s->nroles : 0;
}

const rsi_iam_role *
rsi_iam_find_role(const rsi_iam_snapshot *s, const char *arn)
{
	rsi_iam_role key;

	if (s == NULL || arn == NULL || s->nroles == 0)
		return NULL;
	key.arn = arn;
	return bsearch(&key, s->roles, s->nroles, sizeof(rsi_iam_role), cmp_role);
}

const rsi_iam_resource_policy *
rsi_iam_find_resource_policy(const rsi_iam_snapshot *s, const char *arn)
{
	size_t		i;

	if (s == NULL || arn == NULL)
		return NULL;
	for (i = 0; i < s->nres; i++)
		if (strcmp(s->res[i].arn, arn) == 0)
			return &s->res[i];
	return NULL;
}
