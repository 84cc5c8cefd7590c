/*
 * catalog.c — C helpers of the cluster catalog.
 *
 * The management functions themselves are PL/pgSQL in
 * extension/parts/20_catalog.sql; every rule the core owns (cluster
 * identifier, role ARN, node types and counts, describe-clusters reading)
 * is reached through the small functions here, so it has one
 * implementation.  Errors come out in the AWS CLI's form.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

#include "cluster/cluster_rules.h"
#include "cluster/describe.h"
#include "jsonb_jansson.h"
#include "check/validate.h"
#include "guc.h"
#include "pg_util.h"
#include "rsi_catalog.h"
#include "rsi_policy.h"

PG_FUNCTION_INFO_V1(rsi_sql_check_cluster_identifier);
PG_FUNCTION_INFO_V1(rsi_sql_check_node_type);
PG_FUNCTION_INFO_V1(rsi_sql_check_role_arn);
PG_FUNCTION_INFO_V1(rsi_sql_role_arn_problem);
PG_FUNCTION_INFO_V1(rsi_sql_cluster_identifier_problem);
PG_FUNCTION_INFO_V1(rsi_sql_aws_error);
PG_FUNCTION_INFO_V1(rsi_sql_region);
PG_FUNCTION_INFO_V1(rsi_sql_partition);
PG_FUNCTION_INFO_V1(rsi_sql_apply_delay);
PG_FUNCTION_INFO_V1(rsi_sql_max_roles_per_cluster);
PG_FUNCTION_INFO_V1(rsi_sql_parse_describe_output);
PG_FUNCTION_INFO_V1(rsi_sql_describe_rows);
PG_FUNCTION_INFO_V1(rsi_sql_excerpt);

#define INVALID_PARAMETER_VALUE "InvalidParameterValue"

/*
 * The errors below are the API's answer to the caller, not failures of the
 * PL/pgSQL that called us: drop the CONTEXT lines ("PL/pgSQL function ...
 * at PERFORM") so the user sees the AWS CLI's message, DETAIL and HINT
 * only.  PG_TRY/PG_CATCH and transaction abort restore the stack.
 */
#define DROP_ERROR_CONTEXT() (error_context_stack = NULL)
#define ROLE_EXAMPLE "arn:aws:iam::123456789012:role/MyRedshiftRole"

void
rsi_pg_aws_error(int sqlerrcode, const char *code, const char *operation,
				 const char *hint, const char *fmt,...)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&buf, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	DROP_ERROR_CONTEXT();
	if (hint)
		ereport(ERROR,
				(errcode(sqlerrcode),
				 errmsg("An error occurred (%s) when calling the %s operation: %s",
						code, operation, buf.data),
				 errhint("%s", hint)));
	else
		ereport(ERROR,
				(errcode(sqlerrcode),
				 errmsg("An error occurred (%s) when calling the %s operation: %s",
						code, operation, buf.data)));
	pg_unreachable();
}

static char *
arg_text(FunctionCallInfo fcinfo, int n, const char *dflt)
{
	if (PG_ARGISNULL(n))
		return (char *) dflt;
	return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/*
 * _aws_error(sqlstate text, code text, operation text, message text,
 *            hint text) RETURNS void — for PL/pgSQL callers, so every
 * message has the same form.
 */
Datum
rsi_sql_aws_error(PG_FUNCTION_ARGS)
{
	char	   *state = arg_text(fcinfo, 0, "22023");
	char	   *code = arg_text(fcinfo, 1, INVALID_PARAMETER_VALUE);
	char	   *op = arg_text(fcinfo, 2, "Unknown");
	char	   *msg = arg_text(fcinfo, 3, "");
	char	   *hint = arg_text(fcinfo, 4, NULL);

	/* an error class of five digits or upper-case letters, never success or warning */
	if (strlen(state) != 5 || strspn(state, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 5 ||
		strncmp(state, "00", 2) == 0 || strncmp(state, "01", 2) == 0 ||
		strncmp(state, "02", 2) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid SQLSTATE \"%.16s\" for redshift_iam_internal._aws_error", state),
				 errhint("An SQLSTATE is five digits or upper-case letters outside the classes 00, 01 and 02.")));
	rsi_pg_aws_error(MAKE_SQLSTATE(state[0], state[1], state[2], state[3], state[4]),
					 code, op, hint, "%s", msg);
	PG_RETURN_VOID();
}

/*
 * The cluster identifier rule (the core's validator), for the management
 * functions and the checks alike.  The message quotes a bounded excerpt:
 * the identifier may be anything a caller passes, 50 MB included.  With
 * hide_stmt the calling statement is kept out of the server log (a check's
 * statement may carry a secret).
 */
void
rsi_pg_check_cluster_identifier(const char *s, size_t n, const char *op, bool hide_stmt)
{
	const char *why = rsi_cluster_identifier_check(s, n);

	if (why == NULL)
		return;
	DROP_ERROR_CONTEXT();
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("An error occurred (%s) when calling the %s operation: "
					"Invalid cluster identifier \"%s\": %s.",
					INVALID_PARAMETER_VALUE, op,
					rsi_pg_excerpt(s, n, RSI_EXCERPT_IDENTIFIER), why),
			 errhidestmt(hide_stmt),
			 errhint("A cluster identifier has 1 to 63 lowercase letters, digits and hyphens, "
					 "starts with a letter, and has no \"--\" and no trailing hyphen.")));
}

/* _check_cluster_identifier(cluster_identifier text, operation text) */
Datum
rsi_sql_check_cluster_identifier(PG_FUNCTION_ARGS)
{
	char	   *op = arg_text(fcinfo, 1, "Unknown");
	text	   *t;

	if (PG_ARGISNULL(0))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MissingParameter", op,
						 "Pass the cluster's identifier, e.g. cluster_identifier => 'my-redshift-cluster'.",
						 "The request must contain the parameter ClusterIdentifier.");
	t = PG_GETARG_TEXT_PP(0);
	rsi_pg_check_cluster_identifier(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), op, false);
	PG_RETURN_VOID();
}

/*
 * _excerpt(value text, max_bytes integer) RETURNS text: the value as
 * messages show it, at most max_bytes (cut on a character boundary) and an
 * ellipsis when cut.  Every user value the PL/pgSQL functions echo goes
 * through it.
 */
Datum
rsi_sql_excerpt(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int32		max = PG_GETARG_INT32(1);

	if (max < 1)
		max = 1;
	PG_RETURN_TEXT_P(cstring_to_text(rsi_pg_excerpt(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), (size_t) max)));
}

/* _check_node_type(node_type text, number_of_nodes int, operation text) */
Datum
rsi_sql_check_node_type(PG_FUNCTION_ARGS)
{
	char	   *op = arg_text(fcinfo, 2, "Unknown");
	char	   *type;
	char		buf[200];
	const char *why;

	if (PG_ARGISNULL(0))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MissingParameter", op,
						 "Pass a node type, e.g. node_type => 'ra3.xlplus'.",
						 "The request must contain the parameter NodeType.");
	if (PG_ARGISNULL(1))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MissingParameter", op,
						 "Leave number_of_nodes out for a single node, or pass a count.",
						 "The request must contain the parameter NumberOfNodes.");
	type = text_to_cstring(PG_GETARG_TEXT_PP(0));
	why = rsi_node_count_check(type, strlen(type), PG_GETARG_INT32(1), 0, buf, sizeof(buf));
	if (why)
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, INVALID_PARAMETER_VALUE, op,
						 rsi_node_type_lookup(type, strlen(type))
						 ? "Choose a number of nodes in that range, or another node type."
						 : "Node types: dc2.large, dc2.8xlarge, ra3.large, ra3.xlplus, ra3.4xlarge, "
						 "ra3.16xlarge, rg.*, and legacy ds2.*, dc1.* (old names ds1.*, dw1.*, dw2.*, dw.hs1.*).",
						 "%s", why);
	PG_RETURN_VOID();
}

/* Redshift's "IAM role is not valid" message for a role the API does not
 * accept, with why as DETAIL */
static void role_not_valid(const char *op, const char *arn, const char *detail,
						   const char *hint) pg_attribute_noreturn();

static void
role_not_valid(const char *op, const char *arn, const char *detail, const char *hint)
{
	DROP_ERROR_CONTEXT();
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("An error occurred (%s) when calling the %s operation: "
					"The IAM role %s is not valid. The IAM role must delegate access "
					"to an Amazon Redshift account.", INVALID_PARAMETER_VALUE, op,
					rsi_pg_excerpt(arn, strlen(arn), RSI_EXCERPT_ARN)),
			 errdetail("%s", detail),
			 errhint("%s", hint)));
	pg_unreachable();
}

/*
 * _check_role_arn(arn text, operation text, account_id text)
 *
 * A role name or malformed ARN gets Redshift's "The IAM role ... is not
 * valid" message, with the validator's reason as DETAIL; a service-linked
 * role gets Redshift's "can't be used since it's a AWS service-linked IAM
 * role" message.  When account_id is given (the role is being associated),
 * a role of another account (a role and its cluster must be in one account)
 * or of another partition than the current region's (access is not
 * delegated across partitions) gets the "not valid" message with the
 * reason as DETAIL.  Sources: Amazon Redshift Management Guide,
 * "Associating IAM roles with clusters"
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/copy-unload-iam-role.html)
 * and "Using service-linked roles"
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/using-service-linked-roles.html).
 */
Datum
rsi_sql_check_role_arn(PG_FUNCTION_ARGS)
{
	char	   *op = arg_text(fcinfo, 1, "Unknown");
	char	   *account = arg_text(fcinfo, 2, NULL);
	const char *region = rsi_guc_region ? rsi_guc_region : "us-east-1";
	const char *partition = rsi_region_partition(region);
	char	   *arn;
	size_t		n;
	rsi_role_arn parts;
	const char *why;

	if (PG_ARGISNULL(0))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, INVALID_PARAMETER_VALUE, op,
						 "Give role ARNs like " ROLE_EXAMPLE ".",
						 "The IAM role ARN must not be null.");
	arn = text_to_cstring(PG_GETARG_TEXT_PP(0));
	n = strlen(arn);
	why = rsi_role_arn_check(arn, n, &parts);
	if (why)
		role_not_valid(op, arn,
					   rsi_looks_like_role_name(arn, n)
					   ? psprintf("\"%s\" is a role name; the API takes the role's ARN.", arn)
					   : psprintf("It is not an IAM role ARN: %s.", why),
					   "Give the role's ARN, like " ROLE_EXAMPLE ".");
	if (rsi_role_arn_is_service_linked(arn, n))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, INVALID_PARAMETER_VALUE, op,
						 "Associate a role that you created for Amazon Redshift instead.",
						 "The IAM Role ARN %s can't be used since it's a AWS service-linked IAM role.",
						 arn);
	if (account == NULL)
		PG_RETURN_VOID();
	if (strcmp(account, parts.account) != 0)
		role_not_valid(op, arn,
					   psprintf("The role belongs to account %s, the cluster to account %s; a role "
								"can be associated only with clusters of its own account.",
								parts.account, account),
					   psprintf("Associate a role of account %s, or chain to the other account's "
								"role in the command (IAM_ROLE 'own-role,other-role').", account));
	if (!rsi_role_arn_in_partition(arn, &parts, partition))
		role_not_valid(op, arn,
					   psprintf("The role is in partition %.*s, the cluster in partition %s (region %s); "
								"access is not delegated across partitions.",
								(int) parts.partition_len, arn + parts.partition_off,
								partition, region),
					   psprintf("Associate a role ARN that starts with arn:%s:iam::.", partition));
	PG_RETURN_VOID();
}

/* _role_arn_problem(text) RETURNS text: NULL when valid, else the reason. */
Datum
rsi_sql_role_arn_problem(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	rsi_role_arn parts;
	const char *why = rsi_role_arn_check(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &parts);

	if (why == NULL && rsi_role_arn_is_service_linked(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)))
		why = "a service-linked role cannot be associated with a cluster";
	if (why == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(why));
}

/* _cluster_identifier_problem(text) RETURNS text */
Datum
rsi_sql_cluster_identifier_problem(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *why = rsi_cluster_identifier_check(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	if (why == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(why));
}

/* Settings, read from C so they work before anything else loads the library. */
Datum
rsi_sql_region(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(rsi_guc_region ? rsi_guc_region : "us-east-1"));
}

/* _partition(region text): the partition of a region's ARNs */
Datum
rsi_sql_partition(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(rsi_region_partition(text_to_cstring(PG_GETARG_TEXT_PP(0)))));
}

Datum
rsi_sql_apply_delay(PG_FUNCTION_ARGS)
{
	Interval   *iv = palloc0(sizeof(Interval));

	iv->time = (TimeOffset) rsi_guc_apply_delay_ms * INT64CONST(1000);
	PG_RETURN_INTERVAL_P(iv);
}

Datum
rsi_sql_max_roles_per_cluster(PG_FUNCTION_ARGS)
{
	/* the functions act in redshift_iam.region: its quota (10 in the isolated regions) */
	PG_RETURN_INT32(rsi_region_max_roles(rsi_guc_region, rsi_guc_max_roles_per_cluster));
}

/*
 * _parse_describe_output(doc jsonb, max_roles int)
 * RETURNS jsonb — the core's reader (describe.c); raises 22023 naming the
 * element, or returns the normalised list of clusters.
 */
/*
 * The reader's options for the caller: the input places each cluster, and
 * an account or region someone set must agree with it.
 */
static void
describe_options(rsi_describe_options *opt, int max_roles)
{
	memset(opt, 0, sizeof(*opt));
	opt->account = rsi_authz_explicit_account(GetOuterUserId(), &opt->account_name);
	opt->region = rsi_guc_is_explicit("redshift_iam.region") ? rsi_guc_region : NULL;
	opt->region_name = "redshift_iam.region";
	opt->default_account = rsi_authz_caller_account();
	opt->default_region = rsi_guc_region;
	opt->max_roles = max_roles;
	opt->bare_array = 0;		/* import_clusters takes describe-clusters output as printed */
}

/*
 * Read the document or raise 22023 naming the bad element.  The jsonb is
 * already parsed: the core's reader walks a tree built from it directly
 * (jsonb_jansson.c), in a memory context dropped whole afterwards.
 */
static void
describe_read(FunctionCallInfo fcinfo, rsi_describe_doc *doc)
{
	rsi_describe_options opt;
	char		err[512];
	volatile int rc = -1;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid describe-clusters output: the document is null")));
	describe_options(&opt, PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1));
	rsi_pg_jansson_arena_begin(CurrentMemoryContext);
	PG_TRY();
	{
		struct json_t *root = rsi_pg_jsonb_to_jansson(PG_GETARG_JSONB_P(0), err, sizeof(err));

		/* the tree goes with the arena: no json_decref */
		if (root != NULL)
			rc = rsi_describe_read(root, &opt, doc, err, sizeof(err));
	}
	PG_FINALLY();
	{
		rsi_pg_jansson_arena_end();
	}
	PG_END_TRY();
	if (rc != 0)
	{
		DROP_ERROR_CONTEXT();
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid describe-clusters output: %s", rsi_pg_valid_text(err)),
				 errhint("import_clusters() takes the JSON that \"aws redshift describe-clusters\" prints.")));
	}
}

Datum
rsi_sql_parse_describe_output(PG_FUNCTION_ARGS)
{
	rsi_describe_doc doc;
	char	   *out;

	describe_read(fcinfo, &doc);
	out = rsi_describe_json_text(&doc);
	rsi_describe_free(&doc);
	if (out == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	PG_RETURN_JSONB_P(rsi_pg_json_text_to_jsonb(out));
}

static Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = s == NULL;
	return s ? CStringGetTextDatum(s) : (Datum) 0;
}

/*
 * _describe_rows(doc jsonb, max_roles int) RETURNS SETOF (account_id,
 * region, cluster_identifier, node_type, number_of_nodes, status,
 * availability, create_time, default_role, warning, role_arns text[],
 * role_states text[]): the same reading as rows, for import_clusters; no
 * JSON is written and parsed again (a 10 MB document is read once).
 */
Datum
rsi_sql_describe_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	rsi_describe_doc doc;
	size_t		i,
				j;

	InitMaterializedSRF(fcinfo, 0);
	describe_read(fcinfo, &doc);
	PG_TRY();
	{
		for (i = 0; i < doc.n_clusters; i++)
		{
			const rsi_described_cluster *c = &doc.clusters[i];
			Datum		values[12];
			bool		nulls[12];
			Datum	   *arns = palloc(sizeof(Datum) * (c->n_roles + 1));
			Datum	   *states = palloc(sizeof(Datum) * (c->n_roles + 1));

			CHECK_FOR_INTERRUPTS();
			memset(nulls, 0, sizeof(nulls));
			values[0] = text_or_null(c->account_id, &nulls[0]);
			values[1] = text_or_null(c->region, &nulls[1]);
			values[2] = CStringGetTextDatum(c->identifier);
			values[3] = CStringGetTextDatum(c->node_type);
			values[4] = Int32GetDatum((int32) c->number_of_nodes);
			values[5] = CStringGetTextDatum(c->status);
			values[6] = text_or_null(c->availability, &nulls[6]);
			nulls[7] = c->create_time == NULL;
			values[7] = c->create_time ?
				DirectFunctionCall3(timestamptz_in, CStringGetDatum(c->create_time),
									ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)) : (Datum) 0;
			values[8] = text_or_null(c->default_role, &nulls[8]);
			values[9] = text_or_null(c->warning, &nulls[9]);
			for (j = 0; j < c->n_roles; j++)
			{
				arns[j] = CStringGetTextDatum(c->roles[j].arn);
				states[j] = CStringGetTextDatum(c->roles[j].status);
			}
			values[10] = PointerGetDatum(construct_array(arns, (int) c->n_roles, TEXTOID, -1, false, TYPALIGN_INT));
			values[11] = PointerGetDatum(construct_array(states, (int) c->n_roles, TEXTOID, -1, false, TYPALIGN_INT));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	PG_FINALLY();
	{
		rsi_describe_free(&doc);
	}
	PG_END_TRY();
	return (Datum) 0;
}
