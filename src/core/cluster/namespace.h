/*
 * namespace.h — reading the output of `aws redshift-serverless
 * list-namespaces`, `get-namespace`, `list-workgroups` and `get-workgroup`.
 *
 * The one reader of those documents, shared by import_namespaces() and the
 * command-line checker.  A Redshift Serverless namespace holds the IAM roles
 * and the default role; a workgroup runs on one namespace, so a workgroup
 * name stands for its namespace.
 *
 * A document is an object with any of "namespaces" (an array, what
 * list-namespaces prints), "namespace" (one object, get-namespace),
 * "workgroups" (list-workgroups) and "workgroup" (get-workgroup); other
 * members ("nextToken") and members of the objects the reader does not use
 * are ignored.  Each namespace's account and region are those of its
 * namespaceArn (arn:PARTITION:redshift-serverless:REGION:ACCOUNT:namespace/ID),
 * each workgroup's those of its workgroupArn.  Errors name the element:
 * "namespaces[0].iamRoles[1]: ...".
 *
 * Does not include jansson.h, so PostgreSQL glue can include it.
 */
#ifndef RSI_NAMESPACE_H
#define RSI_NAMESPACE_H

#include <stddef.h>

#include "cluster/describe.h"

typedef struct rsi_described_namespace
{
	char	   *name;			/* namespaceName */
	char	   *id;				/* the ID of namespaceArn */
	char	   *arn;			/* namespaceArn */
	char	   *account;		/* from namespaceArn */
	char	   *region;			/* from namespaceArn */
	char	   *status;			/* status as written; "AVAILABLE" when absent */
	char	   *default_role;	/* defaultIamRoleArn, NULL when none or "" */
	size_t		n_roles;
	rsi_described_role *roles;	/* in document order; status in-sync, adding
								 * or removing */
} rsi_described_namespace;

typedef struct rsi_described_workgroup
{
	char	   *name;			/* workgroupName */
	char	   *namespace_name; /* namespaceName */
	char	   *arn;			/* workgroupArn */
	char	   *account;		/* from workgroupArn */
	char	   *region;			/* from workgroupArn */
	char	   *status;			/* status as written; "AVAILABLE" when absent */
} rsi_described_workgroup;

typedef struct rsi_serverless_doc
{
	size_t		n_namespaces;
	rsi_described_namespace *namespaces;
	size_t		n_workgroups;
	rsi_described_workgroup *workgroups;
} rsi_serverless_doc;

/*
 * One element of a namespace's iamRoles, text[0..len): a plain role ARN
 * (older output; it is associated, so in-sync), or
 * "IamRole(applyStatus=S, iamRoleArn=A)" with the two keys in either order
 * (both orders occur, depending on the API version).  Returns NULL and sets
 * [*arn_off, *arn_off + *arn_len) and *status ("in-sync", "adding" or
 * "removing"), or a reason the element cannot be read.  The ARN itself is
 * not validated here.
 */
extern const char *rsi_namespace_role_parse(const char *text, size_t len,
											size_t *arn_off, size_t *arn_len,
											const char **status);

/*
 * Read text[0..len).  Returns 0 and fills *doc (free with
 * rsi_serverless_free), or -1 with a message naming the element in
 * err[0..errlen) and *doc empty.  All memory is malloc'd.
 */
extern int	rsi_serverless_parse(const char *text, size_t len, rsi_serverless_doc *doc,
								 char *err, size_t errlen);

extern void rsi_serverless_free(rsi_serverless_doc *doc);

/*
 * The status a check sees for a namespace (ns_status, NULL when the
 * namespace is not known) reached through a workgroup (wg_status, NULL when
 * named directly): AVAILABLE and MODIFYING are "available" (a namespace or
 * workgroup keeps serving while a change is applied), anything else is the
 * first status that is not, in lower case, in buf[0..bufsz).  Returns NULL
 * when ns_status is NULL, else buf.
 */
extern const char *rsi_serverless_effective_status(const char *ns_status, const char *wg_status,
												   char *buf, size_t bufsz);

/*
 * Can s[0..n) name a Redshift Serverless namespace or workgroup: a name
 * (3 to 64 of [a-z0-9-]) or a namespace or workgroup ARN?  What
 * check_command and validate_script accept besides a cluster identifier.
 */
extern int	rsi_serverless_ref_ok(const char *s, size_t n);

/*
 * Is text[0..len) a Redshift Serverless document (a JSON object with a
 * namespaces, namespace, workgroups or workgroup member) rather than
 * describe-clusters output?  Invalid JSON is not.
 */
extern int	rsi_serverless_doc_detect(const char *text, size_t len);

/*
 * The document as compact JSON text, malloc'd (NULL when out of memory):
 * {"namespaces": [{"name", "id", "arn", "account", "region", "status",
 *   "default_role", "roles": [{"arn", "status"}]}],
 *  "workgroups": [{"name", "namespace", "arn", "account", "region", "status"}]}
 * with null for an absent default_role.
 */
extern char *rsi_serverless_json_text(const rsi_serverless_doc *doc);

#endif							/* RSI_NAMESPACE_H */
