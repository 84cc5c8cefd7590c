/*
 * iam_check.c — trust, role chains and permissions of a command (see
 * iam_check.h).
 *
 * Sources: Amazon Redshift Management Guide, "Authorizing Amazon Redshift
 * to access other AWS services" (trust of redshift.amazonaws.com, the
 * aws:SourceAccount / aws:SourceArn context, sts:ExternalId with dbuser
 * ARNs) and "Chaining IAM roles in Amazon Redshift"
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html);
 * IAM User Guide, "Policy evaluation logic" and "Cross-account policy
 * evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html);
 * IAM User Guide, "Troubleshooting access denied error messages" (the
 * message form).
 *
 * Evaluation, per IAM: an explicit Deny in any applicable policy wins.
 * Within one account an Allow in the identity policies or a resource
 * policy that names the caller is enough, except that a role's trust
 * policy must always allow (and a KMS key policy, when supplied, must
 * allow or delegate to the account).  Across accounts both sides must
 * allow.  A resource-policy statement whose Principal names only the
 * caller's account delegates to that account's identity policies.
 */
#include "iam/iam_check.h"
#include "cluster/cluster_rules.h"
#include "lex/script.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

#define SESSION_NAME "RedshiftIamRoleSession"

const char *
rsi_iam_outcome_name(rsi_iam_outcome o)
{
	switch (o)
	{
		case RSI_IAM_ALLOWED:
			return "allowed";
		case RSI_IAM_IMPLICIT_DENY:
			return "implicitDeny";
		case RSI_IAM_EXPLICIT_DENY:
			return "explicitDeny";
		case RSI_IAM_UNKNOWN:
			break;
	}
	return "unknown";
}

typedef struct ctx
{
	const rsi_iam_snapshot *snap;
	const rsi_command *cmd;
	const rsi_cluster_view *cl;
	const rsi_iam_options *opt;
	rsi_iam_result *res;
	const char *partition;
	char		cluster_arn[400];
	char		dbuser_arn[500];
	rsi_verdict *v;
	int			refused;
	int			unknown_role;	/* a role missing from the snapshot */
	const char *unknown_arn;
} ctx;

static rsi_iam_step *
new_step(ctx *c, const char *kind)
{
	rsi_iam_result *r = c->res;
	rsi_iam_step *s;

	if (r->oom)
		return NULL;
	if (r->nsteps == r->capsteps)
	{
		size_t		cap = r->capsteps ? r->capsteps * 2 : 8;
		rsi_iam_step *ns = realloc(r->steps, cap * sizeof(*ns));

		if (ns == NULL)
		{
			r->oom = 1;
			return NULL;
		}
		r->steps = ns;
		r->capsteps = cap;
	}
	s = &r->steps[r->nsteps++];
	memset(s, 0, sizeof(*s));
	s->step = kind;
	return s;
}

static void
describe_matched(rsi_iam_step *s, const rsi_matched_statement *m, size_t n, int only_deny)
{
	size_t		i;

	for (i = 0; i < n && s->nmatched < RSI_IAM_STEP_MATCHED; i++)
	{
		if (only_deny >= 0 && m[i].effect_deny != only_deny)
			continue;
		if (m[i].sid)
			rsi_utf8_snprintf(s->matched[s->nmatched++], sizeof(s->matched[0]),
							  "Statement[%d] (Sid %s) of %s", m[i].statement_index, m[i].sid,
							  m[i].policy_name ? m[i].policy_name : "?");
		else
			rsi_utf8_snprintf(s->matched[s->nmatched++], sizeof(s->matched[0]),
							  "Statement[%d] of %s", m[i].statement_index,
							  m[i].policy_name ? m[i].policy_name : "?");
	}
}

static void
add_missing(rsi_iam_step *s, const rsi_eval_result *r)
{
	size_t		i;
	int			j;

	for (i = 0; i < r->nmissing; i++)
	{
		int			dup = 0;

		for (j = 0; j < s->nmissing; j++)
			if (strcmp(s->missing[j], r->missing_context[i]) == 0)
				dup = 1;
		if (!dup && s->nmissing < RSI_IAM_STEP_MISSING)
			rsi_utf8_snprintf(s->missing[s->nmissing++], sizeof(s->missing[0]), "%s",
							  r->missing_context[i]);
	}
}

/* Evaluate one set of policies; -1 when out of memory. */
static int
eval(ctx *c, const rsi_policy *const *pols, size_t n, const char *action, const char *resource,
	 const rsi_context_entry *ce, size_t nce, const rsi_principal_req *pr, rsi_eval_result *out)
{
	rsi_request req;

	req.action = action;
	req.resource = resource;
	req.context = ce;
	req.ncontext = nce;
	if (rsi_policy_evaluate_as(pols, n, &req, pr, NULL, out, NULL) != RSI_EVAL_OK)
	{
		c->res->oom = 1;
		return -1;
	}
	return 0;
}

static int
has_direct_allow(const rsi_eval_result *r)
{
	size_t		i;

	if (r->decision != RSI_DECISION_ALLOWED)
		return 0;
	for (i = 0; i < r->nmatched; i++)
		if (!r->matched[i].via_account)
			return 1;
	return 0;
}

static void
role_name_of(const char *arn, char *out, size_t sz)
{
	const char *slash = arn ? strrchr(arn, '/') : NULL;

	rsi_utf8_snprintf(out, sz, "%s", slash ? slash + 1 : (arn ? arn : ""));
}

/* Why a step was not allowed, as a sentence tail. */
static void
reason(const rsi_iam_step *s, char *out, size_t sz)
{
	char		miss[600] = "";
	int			i;

	for (i = 0; i < s->nmissing; i++)
	{
		size_t		l = strlen(miss);

		rsi_utf8_snprintf(miss + l, sizeof(miss) - l, "%s%s", i ? ", " : "", s->missing[i]);
	}
	if (s->outcome == RSI_IAM_EXPLICIT_DENY && s->nmatched > 0)
		rsi_utf8_snprintf(out, sz, "%s denies it explicitly", s->matched[0]);
	else if (miss[0])
		rsi_utf8_snprintf(out, sz, "no statement allows it (the policies test context keys the request does not carry: %s)", miss);
	else
		rsi_utf8_snprintf(out, sz, "no statement allows it");
}

/*
 * A role as the caller of a request: its ARN and its session
 * (arn:<p>:sts::<account>:assumed-role/<name>/RedshiftIamRoleSession) as
 * principal names, and the context every request by it carries
 * (aws:PrincipalArn, aws:PrincipalAccount) in ce[0..1].
 */
typedef struct caller
{
	char		account[13];
	char		name[128];
	char		session[800];
	const char *names[2];
	const char *arn[1];
	const char *acct[1];
	rsi_principal_req pr;
	rsi_context_entry ce[4];
} caller;

static void
as_caller(ctx *c, const char *arn, caller *k)
{
	rsi_iam_arn_account(arn, k->account);
	role_name_of(arn, k->name, sizeof(k->name));
	rsi_utf8_snprintf(k->session, sizeof(k->session), "arn:%s:sts::%s:assumed-role/%s/%s",
					  c->partition, k->account, k->name, SESSION_NAME);
	k->names[0] = arn;
	k->names[1] = k->session;
	k->pr.type = "AWS";
	k->pr.names = k->names;
	k->pr.nnames = 2;
	k->pr.account = k->account;
	k->arn[0] = arn;
	k->acct[0] = k->account;
	k->ce[0].key = "aws:PrincipalArn";
	k->ce[0].values = k->arn;
	k->ce[0].nvalues = 1;
	k->ce[1].key = "aws:PrincipalAccount";
	k->ce[1].values = k->acct;
	k->ce[1].nvalues = 1;
}

/*
 * A step the snapshot cannot decide: the role is missing (the first such
 * role is remembered for redshift_iam.unknown_roles = refuse) or one of its
 * documents is unusable (problem says which).
 */
static void
unknown_step(ctx *c, rsi_iam_step *s, const char *arn, const char *problem)
{
	s->outcome = RSI_IAM_UNKNOWN;
	c->res->unknown = 1;
	rsi_utf8_snprintf(s->note, sizeof(s->note), "%s",
					  problem ? problem : "The role is not in the IAM snapshot.");
	if (problem == NULL && !c->unknown_role)
	{
		c->unknown_role = 1;
		c->unknown_arn = arn;
	}
}

/* Redshift's refusal text: the dbuser ARN may not assume the role. */
static void
refuse_assume(ctx *c, const char *rule, const char *role_arn)
{
	rsi_verdict *v = c->v;

	c->refused = 1;
	v->allowed = 0;
	v->warning = 0;
	v->sqlstate = "28000";
	v->rule = rule;
	rsi_utf8_snprintf(v->message, sizeof(v->message), "User %s is not authorized to assume IAM Role %s",
					  c->dbuser_arn, role_arn);
}

/*
 * The hint of a refusal, from the shared hint rules (check/hint.c): the
 * parts go in v->fix, are rendered at once for the reader's style, and
 * the parts that point at this call's buffers are cleared.
 */
static void
set_fix(ctx *c, rsi_fix_kind kind, const char *role, const char *principal,
		const char *action, const char *resource, const char *owner, const char *holder)
{
	rsi_fix    *f = &c->v->fix;

	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->cluster = c->cl->identifier;
	f->serverless = c->cl->serverless;
	f->role = role;
	f->principal = principal;
	f->action = action;
	f->resource = resource;
	f->owner = owner;
	f->holder = holder;
	f->account = c->cl->account_id;
	f->cluster_arn = c->cluster_arn;
	rsi_fix_hint(f, c->opt->hints, c->v->hint, sizeof(c->v->hint));
	f->resource = NULL;
	f->owner = NULL;
	f->holder = NULL;
	f->cluster_arn = NULL;
}

/* ---------- trust of a chain's first role, and each link ---------- */

static void
service_trust(ctx *c, const char *arn, const char *kind)
{
	const rsi_iam_role *r = rsi_iam_find_role(c->snap, arn);
	rsi_iam_step *s = new_step(c, kind);
	char		regional[128];
	const char *names[2];
	const char *acct[1],
			   *src[1],
			   *ext[1];
	rsi_context_entry ce[3];
	rsi_principal_req pr;
	rsi_eval_result er;
	const rsi_policy *pol[1];
	char		why[900];

	if (s == NULL)
		return;
	rsi_utf8_snprintf(s->role, sizeof(s->role), "%s", arn);
	rsi_utf8_snprintf(s->principal, sizeof(s->principal), "redshift.amazonaws.com");
	s->action = "sts:AssumeRole";
	rsi_utf8_snprintf(s->resource, sizeof(s->resource), "%s", arn);
	if (c->cl->serverless && r != NULL)
	{
		/*
		 * Serverless assumes the role as redshift-serverless.amazonaws.com
		 * with a context this evaluation does not model: not refused.
		 */
		s->outcome = RSI_IAM_UNKNOWN;
		c->res->unknown = 1;
		rsi_utf8_snprintf(s->principal, sizeof(s->principal), "redshift-serverless.amazonaws.com");
		rsi_utf8_snprintf(s->note, sizeof(s->note), "%s",
						  "The trust of a role used by a Redshift Serverless namespace is not evaluated.");
		return;
	}
	if (r == NULL || r->trust == NULL)
	{
		unknown_step(c, s, arn, r == NULL ? NULL : r->trust_problem);
		return;
	}
	rsi_utf8_snprintf(regional, sizeof(regional), "redshift.%s.amazonaws.com", c->cl->region);
	names[0] = "redshift.amazonaws.com";
	names[1] = regional;
	pr.type = "Service";
	pr.names = names;
	pr.nnames = 2;
	pr.account = NULL;
	acct[0] = c->cl->account_id;
	src[0] = c->cluster_arn;
	ext[0] = c->dbuser_arn;
	ce[0].key = "aws:SourceAccount";
	ce[0].values = acct;
	ce[0].nvalues = 1;
	ce[1].key = "aws:SourceArn";
	ce[1].values = src;
	ce[1].nvalues = 1;
	ce[2].key = "sts:ExternalId";
	ce[2].values = ext;
	ce[2].nvalues = c->opt->db_user ? 1 : 0;
	pol[0] = r->trust;
	if (eval(c, pol, 1, "sts:AssumeRole", arn, ce, 3, &pr, &er) != 0)
		return;
	s->outcome = er.decision == RSI_DECISION_ALLOWED ? RSI_IAM_ALLOWED
		: er.decision == RSI_DECISION_EXPLICIT_DENY ? RSI_IAM_EXPLICIT_DENY : RSI_IAM_IMPLICIT_DENY;
	describe_matched(s, er.matched, er.nmatched, -1);
	add_missing(s, &er);
	rsi_eval_result_free(&er);
	if (s->outcome == RSI_IAM_ALLOWED || c->refused)
		return;
	refuse_assume(c, "role-not-trusted", arn);
	reason(s, why, sizeof(why));
	rsi_utf8_snprintf(c->v->detail, sizeof(c->v->detail),
					  "The trust policy of IAM role %s does not let redshift.amazonaws.com assume it for cluster %s%s: %s.",
					  arn, c->cluster_arn,
					  strcmp(kind, "catalog-trust") == 0 ? " (CATALOG_ROLE)" : "", why);
	set_fix(c, RSI_FIX_TRUST_SERVICE, arn, NULL, NULL, NULL, NULL, NULL);
}

static void
link_trust(ctx *c, const char *prev, const char *next, int link)
{
	const rsi_iam_role *rp = rsi_iam_find_role(c->snap, prev);
	const rsi_iam_role *rn = rsi_iam_find_role(c->snap, next);
	rsi_iam_step *s;
	char		nacct[13];
	caller		k;
	rsi_eval_result er;
	const rsi_policy *pol[1];
	int			direct_trust = 0,
				trust_known = 0;
	char		why[900];

	as_caller(c, prev, &k);
	rsi_iam_arn_account(next, nacct);

	/* role n+1's trust policy must allow role n (its ARN or its account) */
	s = new_step(c, "chain-trust");
	if (s == NULL)
		return;
	rsi_utf8_snprintf(s->role, sizeof(s->role), "%s", next);
	rsi_utf8_snprintf(s->principal, sizeof(s->principal), "%s", prev);
	s->action = "sts:AssumeRole";
	rsi_utf8_snprintf(s->resource, sizeof(s->resource), "%s", next);
	if (rn == NULL || rn->trust == NULL)
		unknown_step(c, s, next, rn == NULL ? NULL : rn->trust_problem);
	else
	{
		pol[0] = rn->trust;
		trust_known = 1;
		if (eval(c, pol, 1, "sts:AssumeRole", next, k.ce, 2, &k.pr, &er) != 0)
			return;
		s->outcome = er.decision == RSI_DECISION_ALLOWED ? RSI_IAM_ALLOWED
			: er.decision == RSI_DECISION_EXPLICIT_DENY ? RSI_IAM_EXPLICIT_DENY : RSI_IAM_IMPLICIT_DENY;
		direct_trust = has_direct_allow(&er);
		describe_matched(s, er.matched, er.nmatched, -1);
		add_missing(s, &er);
		rsi_eval_result_free(&er);
		if (s->outcome != RSI_IAM_ALLOWED && !c->refused)
		{
			refuse_assume(c, "chain-link-not-trusted", next);
			reason(s, why, sizeof(why));
			rsi_utf8_snprintf(c->v->detail, sizeof(c->v->detail),
							  "Link %d of the role chain: the trust policy of IAM role %s does not let %s assume it: %s.",
							  link, next, prev, why);
			set_fix(c, RSI_FIX_TRUST_ROLE, next, prev, NULL, NULL, NULL, NULL);
		}
	}

	/* role n's permission policies must allow sts:AssumeRole on role n+1 */
	s = new_step(c, "chain-permission");
	if (s == NULL)
		return;
	rsi_utf8_snprintf(s->role, sizeof(s->role), "%s", prev);
	rsi_utf8_snprintf(s->principal, sizeof(s->principal), "%s", prev);
	s->action = "sts:AssumeRole";
	rsi_utf8_snprintf(s->resource, sizeof(s->resource), "%s", next);
	if (rp == NULL || rp->perms_problem != NULL)
	{
		unknown_step(c, s, prev, rp == NULL ? NULL : rp->perms_problem);
		return;
	}
	if (eval(c, rp->perms, rp->nperms, "sts:AssumeRole", next, k.ce, 2, NULL, &er) != 0)
		return;
	s->outcome = er.decision == RSI_DECISION_ALLOWED ? RSI_IAM_ALLOWED
		: er.decision == RSI_DECISION_EXPLICIT_DENY ? RSI_IAM_EXPLICIT_DENY : RSI_IAM_IMPLICIT_DENY;
	describe_matched(s, er.matched, er.nmatched, -1);
	add_missing(s, &er);
	rsi_eval_result_free(&er);
	/*
	 * Same account: a trust policy naming the role itself grants without
	 * it; when that trust policy is not known, neither is the answer.
	 */
	if (s->outcome == RSI_IAM_IMPLICIT_DENY && !trust_known && strcmp(k.account, nacct) == 0)
	{
		s->outcome = RSI_IAM_UNKNOWN;
		c->res->unknown = 1;
		rsi_utf8_snprintf(s->note, sizeof(s->note),
						  "No permission policy allows it; in the same account the trust policy of %s could grant it by naming this role, and it is not known.",
						  next);
		return;
	}
	if (s->outcome == RSI_IAM_IMPLICIT_DENY && direct_trust && strcmp(k.account, nacct) == 0)
	{
		s->outcome = RSI_IAM_ALLOWED;
		rsi_utf8_snprintf(s->note, sizeof(s->note),
						  "No permission policy allows it, but the trust policy of %s names this role in the same account, which is enough.",
						  next);
		return;
	}
	if (s->outcome != RSI_IAM_ALLOWED && !c->refused)
	{
		refuse_assume(c, "chain-link-not-permitted", next);
		reason(s, why, sizeof(why));
		rsi_utf8_snprintf(c->v->detail, sizeof(c->v->detail),
						  "Link %d of the role chain: the permission policies of IAM role %s do not allow sts:AssumeRole on %s: %s.",
						  link, prev, next, why);
		set_fix(c, RSI_FIX_ALLOW_ASSUME, prev, NULL, "sts:AssumeRole", next, NULL, NULL);
	}
}

static void
chain(ctx *c, const char *const *roles, size_t n, const char *first_kind)
{
	size_t		i;

	if (n == 0)
		return;
	service_trust(c, roles[0], first_kind);
	for (i = 1; i < n && !c->res->oom; i++)
		link_trust(c, roles[i - 1], roles[i], (int) i + 1);
}

/* ---------- permissions of the role that does the work ---------- */

/* The ARN a resource policy is filed under: an S3 object's bucket, else the resource. */
static void
policy_arn(const char *resource, char *out, size_t sz)
{
	const char *p;

	rsi_utf8_snprintf(out, sz, "%s", resource);
	if (strncmp(resource, "arn:", 4) == 0 && (p = strstr(resource, ":s3:::")) != NULL)
	{
		char	   *slash = strchr(out + (p - resource) + 6, '/');

		if (slash)
			*slash = '\0';
	}
}

/*
 * IAM's decision for one request by a role (see the file comment): its
 * identity policies, the resource's policy when supplied (NULL: none),
 * the owner's account (NULL: the principal's, when the resource ARN names
 * none).
 */
int
rsi_iam_decide(const rsi_policy *const *identity, size_t nidentity,
			   const rsi_policy *resource_policy, const char *owner,
			   const rsi_principal_req *pr, const rsi_request *req,
			   rsi_iam_decision *d)
{
	rsi_eval_result *id = &d->identity,
			   *res = &d->resource;
	char		ra[13];

	memset(d, 0, sizeof(*d));
	if (rsi_policy_evaluate_as(identity, nidentity, req, NULL, NULL, id, NULL) != RSI_EVAL_OK)
		return -1;
	if (resource_policy != NULL)
	{
		if (rsi_policy_evaluate_as(&resource_policy, 1, req, pr, NULL, res, NULL) != RSI_EVAL_OK)
		{
			rsi_eval_result_free(id);
			return -1;
		}
		d->have_resource = 1;
	}
	if (owner == NULL && rsi_iam_arn_account(req->resource, ra))
		owner = ra;
	d->same_account = owner == NULL || pr->account == NULL || strcmp(owner, pr->account) == 0;

	if (id->decision == RSI_DECISION_EXPLICIT_DENY ||
		(d->have_resource && res->decision == RSI_DECISION_EXPLICIT_DENY))
	{
		d->outcome = RSI_IAM_EXPLICIT_DENY;
		d->resource_side = id->decision != RSI_DECISION_EXPLICIT_DENY;
	}
	else if (d->same_account)
	{
		if (d->have_resource && strstr(req->resource, ":kms:") != NULL)
		{
			/* a key policy must allow the role, or delegate to its account */
			if (has_direct_allow(res) ||
				(res->decision == RSI_DECISION_ALLOWED && id->decision == RSI_DECISION_ALLOWED))
				d->outcome = RSI_IAM_ALLOWED;
			else
			{
				d->outcome = RSI_IAM_IMPLICIT_DENY;
				d->resource_side = 1;
			}
		}
		else if (id->decision == RSI_DECISION_ALLOWED || (d->have_resource && has_direct_allow(res)))
			d->outcome = RSI_IAM_ALLOWED;
		else
			d->outcome = RSI_IAM_IMPLICIT_DENY;
	}
	else if (id->decision != RSI_DECISION_ALLOWED)
		d->outcome = RSI_IAM_IMPLICIT_DENY;	/* cross-account: both sides must allow */
	else if (!d->have_resource)
		d->outcome = RSI_IAM_UNKNOWN;
	else if (res->decision == RSI_DECISION_ALLOWED)
		d->outcome = RSI_IAM_ALLOWED;
	else
	{
		d->outcome = RSI_IAM_IMPLICIT_DENY;
		d->resource_side = 1;
	}
	return 0;
}

void
rsi_iam_decision_free(rsi_iam_decision *d)
{
	rsi_eval_result_free(&d->identity);
	if (d->have_resource)
		rsi_eval_result_free(&d->resource);
	memset(d, 0, sizeof(*d));
}

static void
permission(ctx *c, const char *worker, const rsi_iam_perm_request *q)
{
	const rsi_iam_role *w = rsi_iam_find_role(c->snap, worker);
	const rsi_iam_resource_policy *rp;
	rsi_iam_step *s = new_step(c, "permission");
	char		rarn[RSI_IAM_ARN_MAX],
				oacct[13],
				why[900];
	const char *regv[1],
			   *cv[1];
	size_t		nce = 3;
	caller		k;
	rsi_iam_decision d;
	int			same,
				resource_refused;
	const char *owner;
	const char *side = "identity-based";

	if (s == NULL)
		return;
	rsi_utf8_snprintf(s->role, sizeof(s->role), "%s", worker);
	rsi_utf8_snprintf(s->principal, sizeof(s->principal), "%s", worker);
	s->action = q->action;
	rsi_utf8_snprintf(s->resource, sizeof(s->resource), "%s", q->resource);
	s->source = q->source;
	if (w == NULL || w->perms_problem != NULL)
	{
		unknown_step(c, s, worker, w == NULL ? NULL : w->perms_problem);
		return;
	}
	as_caller(c, worker, &k);
	regv[0] = c->cmd->region ? c->cmd->region : c->cl->region;
	k.ce[2].key = "aws:RequestedRegion";
	k.ce[2].values = regv;
	k.ce[2].nvalues = 1;
	if (q->ctx_key)
	{
		cv[0] = q->ctx_value;
		k.ce[3].key = q->ctx_key;
		k.ce[3].values = cv;
		k.ce[3].nvalues = 1;
		nce = 4;
	}

	policy_arn(q->resource, rarn, sizeof(rarn));
	rp = rsi_iam_find_resource_policy(c->snap, rarn);
	owner = rp != NULL ? rp->account : NULL;
	if (owner == NULL && rsi_iam_arn_account(q->resource, oacct))
		owner = oacct;
	{
		rsi_request req;

		req.action = q->action;
		req.resource = q->resource;
		req.context = k.ce;
		req.ncontext = nce;
		if (rsi_iam_decide(w->perms, w->nperms, rp != NULL ? rp->policy : NULL, owner,
						   &k.pr, &req, &d) != 0)
		{
			c->res->oom = 1;
			return;
		}
	}
	same = d.same_account;
	s->outcome = d.outcome;
	add_missing(s, &d.identity);
	if (d.have_resource)
		add_missing(s, &d.resource);
	if (d.resource_side)
		side = "resource-based";
	resource_refused = d.resource_side && d.identity.decision == RSI_DECISION_ALLOWED;
	if (d.outcome == RSI_IAM_EXPLICIT_DENY)
	{
		describe_matched(s, d.identity.matched, d.identity.nmatched, 1);
		if (d.have_resource)
			describe_matched(s, d.resource.matched, d.resource.nmatched, 1);
	}
	else if (d.outcome == RSI_IAM_ALLOWED)
	{
		describe_matched(s, d.identity.matched, d.identity.nmatched, 0);
		if (d.have_resource)
			describe_matched(s, d.resource.matched, d.resource.nmatched, 0);
	}
	else if (d.outcome == RSI_IAM_UNKNOWN)
	{
		c->res->unknown = 1;
		rsi_utf8_snprintf(s->note, sizeof(s->note),
						  "The resource belongs to account %s; its resource-based policy is not in the snapshot, so the owner's side is unknown.",
						  owner ? owner : "?");
	}
	else if (!same)
		rsi_utf8_snprintf(s->note, sizeof(s->note),
						  "Cross-account request: the role's permission policies and the resource-based policy of account %s must both allow it.",
						  owner ? owner : "?");
	rsi_iam_decision_free(&d);

	if (s->outcome == RSI_IAM_ALLOWED || s->outcome == RSI_IAM_UNKNOWN || c->refused)
		return;
	c->refused = 1;
	c->v->allowed = 0;
	c->v->warning = 0;
	c->v->sqlstate = "42501";
	c->v->rule = "permission-denied";
	if (s->outcome == RSI_IAM_EXPLICIT_DENY)
		rsi_utf8_snprintf(c->v->message, sizeof(c->v->message),
						  "User: %s is not authorized to perform: %s on resource: %s with an explicit deny in a%s %s policy",
						  k.session, q->action, q->resource, side[0] == 'i' ? "n" : "", side);
	else
		rsi_utf8_snprintf(c->v->message, sizeof(c->v->message),
						  "User: %s is not authorized to perform: %s on resource: %s because no %s policy allows the %s action",
						  k.session, q->action, q->resource, side, q->action);
	reason(s, why, sizeof(why));
	rsi_utf8_snprintf(c->v->detail, sizeof(c->v->detail),
					  "IAM role %s needs %s on %s to %s (%s): %s.%s%s",
					  worker, q->action, q->resource, q->why, q->source, why,
					  s->note[0] ? " " : "", s->note);
	if (resource_refused)
	{
		/* the identity side allows: the resource's own policy must change */
		set_fix(c, RSI_FIX_ALLOW_RESOURCE, worker, worker, q->action, q->resource, owner, rarn);
	}
	else
		set_fix(c, RSI_FIX_ALLOW_ACTION, worker, NULL, q->action, q->resource,
				same ? NULL : owner, NULL);
}

/* ---------- values that hold a secret key name ---------- */

/*
 * The parse shows a value that holds a secret key name as *** (an S3
 * location 's3://b/aws_secret_access_key=...', a SECRET_ARN, a LAMBDA
 * name); the evaluation needs it as written, but nothing it prints may
 * show it.  So, only for such a command: every run of non-space
 * characters of a message, detail, hint or step that holds a key name,
 * and every piece (between spaces, 4 bytes or more) of such a value, is
 * replaced by ***.  Fail-closed: the masked run may be longer than the
 * secret.
 */
static int
secret_value(const char *s)
{
	return s != NULL && rsi_has_secret_key_name(s, strlen(s));
}

static void
secret_values(const rsi_command *cmd, const char **out, size_t max, size_t *n)
{
	const char *f[] = {cmd->location, cmd->catalog_role, cmd->secret_arn, cmd->function_name,
		cmd->s3_bucket, cmd->kms_key_id, cmd->sagemaker_endpoint, cmd->bedrock_model_id,
	cmd->region, cmd->jsonpaths, cmd->cluster_arn};
	size_t		i;

	*n = 0;
	for (i = 0; i < sizeof(f) / sizeof(f[0]) && *n < max; i++)
		if (secret_value(f[i]))
			out[(*n)++] = f[i];
	for (i = 0; i < cmd->ncatalog_roles && *n < max; i++)
		if (secret_value(cmd->catalog_roles[i]))
			out[(*n)++] = cmd->catalog_roles[i];
}

/* replace s[a, b) by *** in place (b - a >= 3) */
static void
mask_span(char *s, size_t a, size_t b)
{
	memcpy(s + a, "***", 3);
	memmove(s + a + 3, s + b, strlen(s + b) + 1);
}

static void
mask_text(char *s, const char *const *vals, size_t nvals)
{
	size_t		i = 0,
				k;

	while (s[i])
	{
		size_t		j = i;

		if (s[i] == ' ' || s[i] == '\n')
		{
			i++;
			continue;
		}
		while (s[j] && s[j] != ' ' && s[j] != '\n')
			j++;
		if (j - i >= 3 && rsi_has_secret_key_name(s + i, j - i))
		{
			mask_span(s, i, j);
			j = i + 3;
		}
		i = j;
	}
	for (k = 0; k < nvals; k++)
	{
		const char *v = vals[k];

		while (*v)
		{
			size_t		n = strcspn(v, " \n");
			char	   *hit;

			if (n >= 4)
			{
				char		piece[256];

				if (n >= sizeof(piece))
					n = sizeof(piece) - 1;
				memcpy(piece, v, n);
				piece[n] = '\0';
				while ((hit = strstr(s, piece)) != NULL)
					mask_span(s, (size_t) (hit - s), (size_t) (hit - s) + n);
			}
			v += n;
			v += strspn(v, " \n");
		}
	}
}

static void
mask_secret_values(const rsi_command *cmd, rsi_verdict *v, rsi_iam_result *res)
{
	const char *vals[16];
	size_t		nvals,
				i;
	int			m;

	secret_values(cmd, vals, sizeof(vals) / sizeof(vals[0]), &nvals);
	if (nvals == 0)
		return;
	mask_text(v->message, vals, nvals);
	mask_text(v->detail, vals, nvals);
	mask_text(v->hint, vals, nvals);
	for (i = 0; i < res->nsteps; i++)
	{
		rsi_iam_step *s = &res->steps[i];

		mask_text(s->role, vals, nvals);
		mask_text(s->principal, vals, nvals);
		mask_text(s->resource, vals, nvals);
		mask_text(s->note, vals, nvals);
		for (m = 0; m < s->nmatched; m++)
			mask_text(s->matched[m], vals, nvals);
		for (m = 0; m < s->nmissing; m++)
			mask_text(s->missing[m], vals, nvals);
	}
}

/* ---------- entry ---------- */

int
rsi_iam_check(const rsi_iam_snapshot *snap, const rsi_command *cmd,
			  const rsi_cluster_view *cl, const rsi_iam_options *opt,
			  rsi_verdict *v, rsi_iam_result *res)
{
	ctx			c;
	const char *const *roles;
	const char *single[1];
	size_t		nroles,
				i,
				n;
	rsi_iam_perm_request *reqs;
	rsi_iam_env env;
	char		acct[13],
				cacct[13];
	rsi_verdict saved = *v;

	memset(res, 0, sizeof(*res));
	if (!v->allowed || snap == NULL)
		return 0;
	switch (cmd->auth)
	{
		case RSI_AUTH_IAM_ROLE:
		case RSI_AUTH_CREDENTIALS_ROLE:
			roles = cmd->roles;
			nroles = cmd->nroles;
			break;
		case RSI_AUTH_IAM_ROLE_DEFAULT:
			if (v->resolved_role == NULL)
				return 0;
			single[0] = v->resolved_role;
			roles = single;
			nroles = 1;
			break;
		default:
			return 0;			/* keys, SESSION, none: no role of ours */
	}
	if (nroles == 0)
		return 0;

	memset(&c, 0, sizeof(c));
	c.snap = snap;
	c.cmd = cmd;
	c.cl = cl;
	c.opt = opt;
	c.res = res;
	c.v = v;
	c.partition = rsi_region_partition(cl->region);
	rsi_utf8_snprintf(c.cluster_arn, sizeof(c.cluster_arn), "arn:%s:redshift:%s:%s:cluster:%s",
					  c.partition, cl->region, cl->account_id, cl->identifier);
	rsi_utf8_snprintf(c.dbuser_arn, sizeof(c.dbuser_arn), "arn:%s:redshift:%s:%s:dbuser:%s/%s",
					  c.partition, cl->region, cl->account_id, cl->identifier,
					  opt->db_user ? opt->db_user : "unknown");
	res->evaluated = 1;

	chain(&c, roles, nroles, "trust");
	if (cmd->ncatalog_roles > 0)
		chain(&c, (const char *const *) cmd->catalog_roles, cmd->ncatalog_roles, "catalog-trust");

	rsi_iam_arn_account(roles[nroles - 1], acct);
	if (cmd->ncatalog_roles > 0)
		rsi_iam_arn_account(cmd->catalog_roles[cmd->ncatalog_roles - 1], cacct);
	else
		memcpy(cacct, acct, sizeof(acct));
	env.partition = c.partition;
	env.region = cl->region;
	env.account = acct[0] ? acct : cl->account_id;
	env.catalog_account = cacct[0] ? cacct : env.account;
	reqs = malloc(sizeof(rsi_iam_perm_request) * RSI_IAM_MAX_REQUESTS);
	if (reqs == NULL)
		res->oom = 1;
	else
	{
		n = rsi_iam_requests_for(cmd, &env, reqs, RSI_IAM_MAX_REQUESTS, &res->note);
		for (i = 0; i < n && !res->oom; i++)
			permission(&c, reqs[i].by_catalog_role && cmd->ncatalog_roles > 0
					   ? cmd->catalog_roles[cmd->ncatalog_roles - 1]
					   : roles[nroles - 1], &reqs[i]);
		free(reqs);
	}
	if (res->oom)
	{
		*v = saved;
		rsi_iam_result_free(res);
		return -1;
	}
	if (!c.refused && c.unknown_role && opt->refuse_unknown)
	{
		v->allowed = 0;
		v->warning = 0;
		v->sqlstate = "28000";
		v->rule = "iam-unknown-role";
		rsi_utf8_snprintf(v->message, sizeof(v->message), "User %s is not authorized to assume IAM Role %s",
						  c.dbuser_arn, c.unknown_arn);
		rsi_utf8_snprintf(v->detail, sizeof(v->detail),
						  "IAM role %s is not in the IAM snapshot, so its trust and permissions are unknown, and unknown roles are refused.",
						  c.unknown_arn);
		set_fix(&c, RSI_FIX_EXPORT_ROLE, c.unknown_arn, NULL, NULL, NULL, NULL, NULL);
	}
	mask_secret_values(cmd, v, res);
	return 0;
}

void
rsi_iam_result_free(rsi_iam_result *res)
{
	if (res == NULL)
		return;
	free(res->steps);
	memset(res, 0, sizeof(*res));
}

/* ---------- the result as JSON text, written directly (no tree: it is on every check's path) ---------- */

typedef struct jbuf
{
	char	   *p;
	size_t		len;
	size_t		cap;
	int			oom;
} jbuf;

static void
jput(jbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap * 2 : 2048;
		char	   *np;

		while (cap < b->len + n + 1)
			cap *= 2;
		np = realloc(b->p, cap);
		if (np == NULL)
		{
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
jraw(jbuf *b, const char *s)
{
	jput(b, s, strlen(s));
}

/* a JSON string: quotes, backslashes and control characters escaped; UTF-8 passes */
static void
jstr(jbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	if (s == NULL)
	{
		jraw(b, "null");
		return;
	}
	jput(b, "\"", 1);
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jput(b, run, (size_t) (s - run));
		if (c == '"' || c == '\\')
		{
			char		e[2] = {'\\', (char) c};

			jput(b, e, 2);
		}
		else
		{
			char		e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};

			jput(b, e, 6);
		}
		run = s + 1;
	}
	jput(b, run, (size_t) (s - run));
	jput(b, "\"", 1);
}

static void
jmember(jbuf *b, const char *key, const char *value, int first)
{
	if (!first)
		jput(b, ",", 1);
	jstr(b, key);
	jput(b, ":", 1);
	jstr(b, value);
}

char *
rsi_iam_result_json(const rsi_iam_result *res)
{
	jbuf		b = {NULL, 0, 0, 0};
	size_t		i;
	int			x;

	jraw(&b, res->evaluated ? "{\"evaluated\":true" : "{\"evaluated\":false");
	jraw(&b, res->unknown ? ",\"unknown\":true" : ",\"unknown\":false");
	jmember(&b, "note", res->note, 0);
	jraw(&b, ",\"steps\":[");
	for (i = 0; i < res->nsteps; i++)
	{
		const rsi_iam_step *s = &res->steps[i];

		/* members that would be null or repeat another are left out: this is on every check's path */
		jraw(&b, i ? ",{" : "{");
		jmember(&b, "step", s->step, 1);
		jmember(&b, "role", s->role, 0);
		if (strcmp(s->principal, s->role) != 0)
			jmember(&b, "principal", s->principal, 0);
		jmember(&b, "action", s->action, 0);
		jmember(&b, "resource", s->resource, 0);
		jmember(&b, "decision", rsi_iam_outcome_name(s->outcome), 0);
		jraw(&b, ",\"matched\":[");
		for (x = 0; x < s->nmatched; x++)
		{
			if (x)
				jput(&b, ",", 1);
			jstr(&b, s->matched[x]);
		}
		jraw(&b, "]");
		if (s->nmissing > 0)
		{
			jraw(&b, ",\"missing_context\":[");
			for (x = 0; x < s->nmissing; x++)
			{
				if (x)
					jput(&b, ",", 1);
				jstr(&b, s->missing[x]);
			}
			jraw(&b, "]");
		}
		if (s->note[0])
			jmember(&b, "note", s->note, 0);
		if (s->source)
			jmember(&b, "source", s->source, 0);
		jraw(&b, "}");
	}
	jraw(&b, "]}");
	if (b.oom)
	{
		free(b.p);
		return NULL;
	}
	return b.p;
}
