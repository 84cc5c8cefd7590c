/*
 * fn_cluster.c — the CreateCluster and DeleteCluster parameter rules of
 * the core (src/core/cluster/cluster_rules.c) for the PL/pgSQL management
 * functions, with errors in the AWS CLI's form.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "cluster/cluster_rules.h"
#include "pg_util.h"
#include "rsi_catalog.h"

PG_FUNCTION_INFO_V1(rsi_sql_check_cluster_layout);
PG_FUNCTION_INFO_V1(rsi_sql_check_snapshot_identifier);

#define NODE_TYPES_HINT \
	"Node types: dc2.large, dc2.8xlarge, ra3.large, ra3.xlplus, ra3.4xlarge, " \
	"ra3.16xlarge, rg.*, and legacy ds2.*, dc1.* (old names ds1.*, dw1.*, dw2.*, dw.hs1.*)."

static char *
arg_text(FunctionCallInfo fcinfo, int n, const char *dflt)
{
	if (PG_ARGISNULL(n))
		return (char *) dflt;
	return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/*
 * _check_cluster_layout(node_type text, cluster_type text,
 *                       number_of_nodes integer, operation text)
 * RETURNS integer: the node count of the cluster CreateCluster makes, or
 * an error.  NULL cluster_type or number_of_nodes means the parameter was
 * not given (the API's defaults and inference apply).
 */
Datum
rsi_sql_check_cluster_layout(PG_FUNCTION_ARGS)
{
	char	   *op = arg_text(fcinfo, 3, "Unknown");
	text	   *type;
	text	   *ct = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	rsi_cluster_layout lay;
	char		buf[300];
	const char *why;
	const char *hint;

	if (PG_ARGISNULL(0))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MissingParameter", op,
						 "Pass a node type, e.g. node_type => 'ra3.xlplus'.",
						 "The request must contain the parameter NodeType.");
	type = PG_GETARG_TEXT_PP(0);
	why = rsi_cluster_layout_check(VARDATA_ANY(type), VARSIZE_ANY_EXHDR(type),
								   ct ? VARDATA_ANY(ct) : NULL, ct ? VARSIZE_ANY_EXHDR(ct) : 0,
								   !PG_ARGISNULL(2), PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2),
								   &lay, buf, sizeof(buf));
	if (why == NULL)
		PG_RETURN_INT32((int32) lay.nodes);
	if (lay.cluster_type == NULL)
		hint = "Pass cluster_type => 'single-node' or 'multi-node', or leave it out: "
			"more than one node makes a multi-node cluster.";
	else if (!rsi_node_type_lookup(VARDATA_ANY(type), VARSIZE_ANY_EXHDR(type)))
		hint = NODE_TYPES_HINT;
	else if (strcmp(lay.code, "NumberOfNodesPerClusterLimitExceeded") == 0)
		hint = "Create the cluster with fewer nodes (elastic resize can grow some node types later), "
			"or choose a larger node type.";
	else if (strcmp(lay.code, "InvalidParameterCombination") == 0)
		hint = "Pass number_of_nodes of 2 or more (a multi-node cluster), or choose a node type "
			"that has a single-node configuration, such as ra3.xlplus or dc2.large.";
	else if (strcmp(lay.cluster_type, "single-node") == 0)
		hint = "Leave number_of_nodes out (or pass 1) for a single-node cluster, "
			"or pass cluster_type => 'multi-node'.";
	else
		hint = "Pass number_of_nodes of 2 or more for a multi-node cluster, "
			"or cluster_type => 'single-node' for one node.";
	rsi_pg_aws_error(strcmp(lay.code, "NumberOfNodesPerClusterLimitExceeded") == 0
					 ? ERRCODE_PROGRAM_LIMIT_EXCEEDED : ERRCODE_INVALID_PARAMETER_VALUE,
					 lay.code, op, hint, "%s", why);
	PG_RETURN_NULL();
}

/*
 * _check_snapshot_identifier(snapshot_identifier text, parameter text,
 *                            operation text): InvalidParameterValue
 * unless the text is a valid snapshot identifier.
 */
Datum
rsi_sql_check_snapshot_identifier(PG_FUNCTION_ARGS)
{
	char	   *param = arg_text(fcinfo, 1, "SnapshotIdentifier");
	char	   *op = arg_text(fcinfo, 2, "Unknown");
	text	   *t;
	const char *why;

	if (PG_ARGISNULL(0))
		PG_RETURN_VOID();
	t = PG_GETARG_TEXT_PP(0);
	why = rsi_snapshot_identifier_check(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	if (why)
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "InvalidParameterValue", op,
						 "A snapshot identifier has 1 to 255 letters, digits and hyphens, "
						 "starts with a letter, and has no \"--\" and no trailing hyphen.",
						 "Invalid %s \"%s\": %s.", param,
						 rsi_pg_excerpt(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), 256),
						 why);
	PG_RETURN_VOID();
}
