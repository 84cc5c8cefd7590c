/*
 * test_cov_check_states.c — verdicts on clusters and namespaces in the
 * states the other check tests leave out: ClusterAvailabilityStatus in the
 * messages, a Serverless workgroup not available or its namespace not
 * found, a second not-available note added to a warning, the access-keys
 * setting as the server and the CLI name it, an UNLOAD destination held by
 * a placeholder, and where each verdict points (rsi_verdict_pos).
 *
 * Sources: Amazon Redshift API Reference, "Cluster"
 * (https://docs.aws.amazon.com/redshift/latest/APIReference/API_Cluster.html);
 * docs/rules.md for each rule id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "parse/command.h"
#include "tap.h"
#include "arena.h"

#define ROLE "arn:aws:iam::123456789012:role/Loader"
#define K_ID "AKIAIOSFODNN7EXAMPLE"

static rsi_assoc_status
in_sync(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	if (left)
		*left = -1;
	return strcmp(arn, ROLE) == 0 ? RSI_ASSOC_IN_SYNC : RSI_ASSOC_NONE;
}

static rsi_command cmd;
static rsi_verdict v;

static const rsi_verdict *
check(const char *sql, const rsi_cluster_view *cl, const rsi_check_options *opt)
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_parse_error err;

	arena_free();
	memset(&v, 0, sizeof(v));
	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) != RSI_PARSE_OK)
	{
		printf("#   does not parse: %s: %s\n", sql, err.message);
		v.rule = "parse-error";
		return &v;
	}
	rsi_check_command(&cmd, cl, opt, &v);
	return &v;
}

#define COPY_ROLE "copy t from 's3://b/p' iam_role '" ROLE "'"

int
main(void)
{
	rsi_cluster_view cl = {1, "etl", "123456789012", "us-east-1", "available", NULL, in_sync, NULL, NULL, 0, NULL, NULL};
	rsi_check_options sql = {RSI_KEYS_MODE_WARN, "alice", RSI_HINTS_SQL};
	rsi_check_options cli = {RSI_KEYS_MODE_DENY, "alice", RSI_HINTS_AWS_CLI};
	const rsi_verdict *r;

	/* availability status in the messages */
	cl.status = "available";
	cl.availability = "Failed";
	r = check(COPY_ROLE, &cl, &sql);
	TAP_IS_STR(r->rule, "cluster-not-available", "availability Failed refuses the command");
	TAP_IS_STR(r->message, "cluster etl is not available (ClusterStatus available, ClusterAvailabilityStatus Failed)",
			   "... and the message names both statuses");
	TAP_IS_STR(r->detail, "A cluster in this state runs no command until its problem is fixed.", "... the detail");
	TAP_IS_INT(rsi_verdict_pos(&cmd, r), 0, "... pointing at the command");
	cl.status = "final-snapshot";
	cl.availability = NULL;
	r = check(COPY_ROLE, &cl, &sql);
	TAP_IS_STR(r->detail, "The cluster is being deleted: no command will run on it.", "final-snapshot: being deleted");
	cl.status = "modifying";
	cl.availability = "Maintenance";
	r = check(COPY_ROLE, &cl, &sql);
	TAP_OK(r->allowed && r->warning, "availability Maintenance: allowed with a warning");
	TAP_IS_STR(r->rule, "cluster-unavailable-now", "... cluster-unavailable-now");
	TAP_IS_STR(r->message, "cluster etl is not available now (ClusterStatus modifying, ClusterAvailabilityStatus Maintenance): "
			   "the command passes the role checks but runs only once the cluster is available", "... naming both statuses");
	TAP_IS_STR(r->hint, "Run the command once aws redshift describe-clusters --cluster-identifier etl shows the cluster available.",
			   "... and when to run it");
	/* a warning already there: the state is added to its detail */
	r = check("copy t from 's3://b/p' access_key_id '" K_ID "' secret_access_key 's'", &cl, &sql);
	TAP_IS_STR(r->rule, "long-term-access-key", "a long-term key on a cluster not available now keeps its own warning");
	TAP_OK(strstr(r->detail, "Cluster etl is also not available now (ClusterStatus modifying, ClusterAvailabilityStatus Maintenance).") != NULL,
		   "... and the detail adds the cluster's state");
	TAP_IS_INT(rsi_verdict_pos(&cmd, r), strstr("copy t from 's3://b/p' access_key_id", "access_key_id") - "copy t from 's3://b/p' access_key_id",
			   "... pointing at the authorization");

	/* the access-keys setting, as each reader knows it */
	cl.status = "available";
	cl.availability = NULL;
	r = check("unload ('select 1') to 's3://b/p' access_key_id '" K_ID "' secret_access_key 's'", &cl, &cli);
	TAP_IS_STR(r->message, "unload with access keys is not allowed on cluster etl (--access-keys deny)",
			   "the CLI names --access-keys");
	r = check("unload ('select 1') to 's3://b/p' access_key_id '" K_ID "' secret_access_key 's'", &cl,
			  &(rsi_check_options) {RSI_KEYS_MODE_TEMPORARY, "alice", RSI_HINTS_SQL});
	TAP_IS_STR(r->message, "unload with access keys is not allowed on cluster etl (redshift_iam.access_keys = temporary)",
			   "the server names redshift_iam.access_keys");
	TAP_IS_STR(r->detail, "Only temporary credentials (an ASIA key ID with a session token) are allowed.",
			   "... and what temporary allows");

	/* a placeholder as UNLOAD's destination */
	r = check("unload ('select 1') to '{{ dest }}' iam_role '" ROLE "'", &cl, &sql);
	TAP_IS_STR(r->rule, "templated-value", "a templated destination is reported");
	TAP_IS_STR(r->message, "the destination of this unload holds the template placeholder {{ dest }}: the rest of the command passes, "
			   "the rendered destination is not checked", "... as the destination");
	TAP_IS_INT(rsi_verdict_pos(&cmd, r), 24, "... pointing at the placeholder, inside the quotes");
	TAP_OK(r->allowed && r->resolved_role != NULL && strcmp(r->resolved_role, ROLE) == 0,
		   "... the command passes with its role");
	/* keys in a placeholder with access keys allowed: the keys decide nothing */
	r = check("copy t from 's3://b/p' access_key_id '{{ k }}' secret_access_key '{{ s }}'", &cl,
			  &(rsi_check_options) {RSI_KEYS_MODE_ALLOW, "alice", RSI_HINTS_SQL});
	TAP_OK(r->allowed && !r->warning, "templated keys under access_keys = allow: allowed, no warning");

	/* Serverless */
	cl.serverless = 1;
	cl.identifier = "analytics";
	cl.workgroup = "etl-wg";
	cl.status = "deleting";
	r = check(COPY_ROLE, &cl, &sql);
	TAP_IS_STR(r->message, "workgroup etl-wg of namespace analytics is not available (status deleting)",
			   "a workgroup not available names both");
	TAP_IS_STR(r->detail, "A workgroup in this state runs no command until its problem is fixed.",
			   "... a workgroup, and no deletion note for Serverless");
	cl.workgroup = NULL;
	r = check(COPY_ROLE, &cl, &sql);
	TAP_IS_STR(r->message, "namespace analytics is not available (status deleting)", "a namespace not available");
	cl.found = 0;
	r = check(COPY_ROLE, &cl, &sql);
	TAP_IS_STR(r->message, "namespace analytics not found", "a namespace not found");
	TAP_IS_STR(r->detail, "Workgroup  runs on namespace analytics, which is not in the catalog.",
			   "... with no workgroup named, the detail leaves it empty");
	TAP_IS_INT(rsi_verdict_pos(&cmd, r), 0, "... pointing at the command");
	cl.found = 1;
	cl.status = "available";
	r = check("copy t from 's3://b/p' credentials 'aws_access_key_id=AKIA;aws_secret_access_key=x'", &cl,
			  &(rsi_check_options) {RSI_KEYS_MODE_WARN, NULL, RSI_HINTS_SQL});
	TAP_IS_STR(r->detail, "User unknown cannot run this copy on namespace analytics: its credentials cannot work as written.",
			   "a malformed key on a namespace, no database user: the detail says unknown");
	arena_free();
	return tap_done();
}
