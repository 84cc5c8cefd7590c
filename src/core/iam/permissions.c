/*
 * permissions.c — the table of IAM requests each command makes (see
 * permissions.h and docs/permissions.md).
 *
 * Rows are keyed by command kind, then by the condition under which they
 * apply (the data source, an option).  Resources are built from the
 * command's values: an S3 prefix stands for every object under it, so
 * "s3://b/data/" asks s3:GetObject on "arn:aws:s3:::b/data/" followed by
 * a star — a policy
 * that allows only some objects under the prefix is not enough for a
 * command that reads or writes all of them.
 */
#include "iam/permissions.h"
#include "util/utf8.h"

#include <string.h>

/* AWS pages the rows come from */
#define DOC_COPY_PERMS "https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-access-permissions.html"
#define DOC_UNLOAD "https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html"
#define DOC_SPECTRUM "https://docs.aws.amazon.com/redshift/latest/dg/c-spectrum-iam-policies.html"
#define DOC_FEDERATED "https://docs.aws.amazon.com/redshift/latest/dg/federated-create-secret-iam-role.html"
#define DOC_STREAMING "https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion-getting-started.html"
#define DOC_STREAMING_MSK "https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion-getting-started-MSK.html"
#define DOC_LAMBDA "https://docs.aws.amazon.com/redshift/latest/dg/udf-creating-a-lambda-sql-udf.html"
#define DOC_SAGEMAKER "https://docs.aws.amazon.com/redshift/latest/dg/machine_learning.html"
#define DOC_KMS_S3 "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html"
#define DOC_MODEL "https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_MODEL.html"

typedef enum when
{
	W_S3,						/* COPY from S3 without a manifest */
	W_MANIFEST,					/* COPY's FROM names a manifest (MANIFEST or SSH) */
	W_JSONPATHS,				/* COPY ... JSON 's3://...' */
	W_DYNAMODB,					/* COPY FROM 'dynamodb://table' */
	W_EMR,						/* COPY FROM 'emr://cluster-id/...' */
	W_ALWAYS,
	W_OVERWRITE,				/* UNLOAD ALLOWOVERWRITE or CLEANPATH */
	W_KMS,						/* UNLOAD KMS_KEY_ID */
	W_SOURCE,					/* CREATE EXTERNAL SCHEMA FROM <source> */
	W_CREATE_DB,				/* ... CREATE EXTERNAL DATABASE IF NOT EXISTS */
	W_MSK_IAM,					/* ... FROM MSK AUTHENTICATION iam */
	W_LAMBDA,
	W_SAGEMAKER,
	W_MODEL_BUCKET,				/* CREATE MODEL ... SETTINGS (S3_BUCKET ...) */
	W_MODEL_ENDPOINT			/* CREATE MODEL ... SAGEMAKER 'endpoint' (remote BYOM) */
} when;

typedef enum res
{
	R_S3_OBJECTS,				/* arn:p:s3:::bucket/prefix* of the location */
	R_S3_BUCKET,				/* arn:p:s3:::bucket, with s3:prefix */
	R_S3_OBJECT,				/* the location's object itself (a manifest) */
	R_JSONPATHS,				/* the JSONPaths file */
	R_DYNAMODB_TABLE,
	R_EMR_CLUSTER,
	R_KMS_KEY,
	R_GLUE_CATALOG,
	R_GLUE_DATABASE,
	R_SECRET,
	R_ANY,
	R_MSK_CLUSTER,
	R_LAMBDA,
	R_SAGEMAKER,
	R_MODEL_OBJECTS,			/* every object of S3_BUCKET */
	R_MODEL_BUCKET,				/* arn:p:s3:::<S3_BUCKET> */
	R_MODEL_ENDPOINT			/* the SAGEMAKER endpoint of CREATE MODEL */
} res;

typedef struct row
{
	rsi_cmd_kind kind;
	when		when;
	rsi_schema_source source;	/* for W_SOURCE, W_CREATE_DB, W_MSK_IAM */
	const char *action;
	res			resource;
	int			catalog;		/* made by CATALOG_ROLE's chain when given */
	const char *why;
	const char *doc;
} row;

/*
 * THE table.  CREATE LIBRARY reads its FROM object like COPY ("IAM
 * permissions for COPY, UNLOAD, and CREATE LIBRARY"); CREATE MODEL unloads
 * its training data to, and reads its artifacts from, S3_BUCKET, with
 * KMS_KEY_ID encrypting them, and remote inference invokes its SageMaker
 * endpoint ("CREATE MODEL").  The training job itself runs with SageMaker's
 * own permissions, which are not evaluated here (docs/permissions.md).
 */
static const row table[] = {
	/* COPY */
	{RSI_CMD_COPY, W_S3, 0, "s3:GetObject", R_S3_OBJECTS, 0, "read the objects under the FROM prefix", DOC_COPY_PERMS},
	{RSI_CMD_COPY, W_S3, 0, "s3:ListBucket", R_S3_BUCKET, 0, "list the objects under the FROM prefix", DOC_COPY_PERMS},
	{RSI_CMD_COPY, W_MANIFEST, 0, "s3:GetObject", R_S3_OBJECT, 0, "read the manifest file", DOC_COPY_PERMS},
	{RSI_CMD_COPY, W_JSONPATHS, 0, "s3:GetObject", R_JSONPATHS, 0, "read the JSONPaths file", DOC_COPY_PERMS},
	{RSI_CMD_COPY, W_DYNAMODB, 0, "dynamodb:DescribeTable", R_DYNAMODB_TABLE, 0, "describe the DynamoDB table", DOC_COPY_PERMS},
	{RSI_CMD_COPY, W_DYNAMODB, 0, "dynamodb:Scan", R_DYNAMODB_TABLE, 0, "scan the DynamoDB table", DOC_COPY_PERMS},
	{RSI_CMD_COPY, W_EMR, 0, "elasticmapreduce:ListInstances", R_EMR_CLUSTER, 0, "list the EMR cluster's instances", DOC_COPY_PERMS},

	/* UNLOAD */
	{RSI_CMD_UNLOAD, W_ALWAYS, 0, "s3:PutObject", R_S3_OBJECTS, 0, "write the files under the TO prefix", DOC_COPY_PERMS},
	{RSI_CMD_UNLOAD, W_ALWAYS, 0, "s3:ListBucket", R_S3_BUCKET, 0, "list the objects under the TO prefix", DOC_COPY_PERMS},
	{RSI_CMD_UNLOAD, W_OVERWRITE, 0, "s3:DeleteObject", R_S3_OBJECTS, 0, "remove existing files under the TO prefix (ALLOWOVERWRITE, CLEANPATH)", DOC_UNLOAD},
	{RSI_CMD_UNLOAD, W_KMS, 0, "kms:GenerateDataKey", R_KMS_KEY, 0, "encrypt the files with KMS_KEY_ID (SSE-KMS)", DOC_KMS_S3},

	/* CREATE EXTERNAL SCHEMA */
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_SOURCE, RSI_SRC_DATA_CATALOG, "glue:GetDatabase", R_GLUE_CATALOG, 1, "read the Data Catalog", DOC_SPECTRUM},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_SOURCE, RSI_SRC_DATA_CATALOG, "glue:GetDatabase", R_GLUE_DATABASE, 1, "read the external database", DOC_SPECTRUM},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_CREATE_DB, RSI_SRC_DATA_CATALOG, "glue:CreateDatabase", R_GLUE_CATALOG, 1, "create the external database (CREATE EXTERNAL DATABASE IF NOT EXISTS)", DOC_SPECTRUM},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_CREATE_DB, RSI_SRC_DATA_CATALOG, "glue:CreateDatabase", R_GLUE_DATABASE, 1, "create the external database (CREATE EXTERNAL DATABASE IF NOT EXISTS)", DOC_SPECTRUM},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_SOURCE, RSI_SRC_POSTGRES, "secretsmanager:GetSecretValue", R_SECRET, 0, "read the database credentials in SECRET_ARN", DOC_FEDERATED},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_SOURCE, RSI_SRC_MYSQL, "secretsmanager:GetSecretValue", R_SECRET, 0, "read the database credentials in SECRET_ARN", DOC_FEDERATED},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_SOURCE, RSI_SRC_KINESIS, "kinesis:ListStreams", R_ANY, 0, "list the Kinesis streams", DOC_STREAMING},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_SOURCE, RSI_SRC_MSK, "kafka:GetBootstrapBrokers", R_MSK_CLUSTER, 0, "find the MSK cluster's brokers", DOC_STREAMING_MSK},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_MSK_IAM, RSI_SRC_MSK, "kafka-cluster:Connect", R_MSK_CLUSTER, 0, "connect to the MSK cluster (AUTHENTICATION iam)", DOC_STREAMING_MSK},
	{RSI_CMD_CREATE_EXTERNAL_SCHEMA, W_MSK_IAM, RSI_SRC_MSK, "kafka-cluster:DescribeCluster", R_MSK_CLUSTER, 0, "describe the MSK cluster (AUTHENTICATION iam)", DOC_STREAMING_MSK},

	/* CREATE EXTERNAL FUNCTION */
	{RSI_CMD_CREATE_EXTERNAL_FUNCTION, W_LAMBDA, 0, "lambda:InvokeFunction", R_LAMBDA, 0, "invoke the Lambda function", DOC_LAMBDA},
	{RSI_CMD_CREATE_EXTERNAL_FUNCTION, W_SAGEMAKER, 0, "sagemaker:InvokeEndpoint", R_SAGEMAKER, 0, "invoke the SageMaker endpoint", DOC_SAGEMAKER},

	/* CREATE LIBRARY */
	{RSI_CMD_CREATE_LIBRARY, W_S3, 0, "s3:GetObject", R_S3_OBJECTS, 0, "read the library file", DOC_COPY_PERMS},
	{RSI_CMD_CREATE_LIBRARY, W_S3, 0, "s3:ListBucket", R_S3_BUCKET, 0, "list the library file's bucket", DOC_COPY_PERMS},

	/* CREATE MODEL */
	{RSI_CMD_CREATE_MODEL, W_MODEL_BUCKET, 0, "s3:PutObject", R_MODEL_OBJECTS, 0, "write the training data to S3_BUCKET", DOC_MODEL},
	{RSI_CMD_CREATE_MODEL, W_MODEL_BUCKET, 0, "s3:GetObject", R_MODEL_OBJECTS, 0, "read the model's artifacts from S3_BUCKET", DOC_MODEL},
	{RSI_CMD_CREATE_MODEL, W_MODEL_BUCKET, 0, "s3:ListBucket", R_MODEL_BUCKET, 0, "list S3_BUCKET", DOC_MODEL},
	{RSI_CMD_CREATE_MODEL, W_KMS, 0, "kms:GenerateDataKey", R_KMS_KEY, 0, "encrypt the data in S3_BUCKET with KMS_KEY_ID", DOC_MODEL},
	{RSI_CMD_CREATE_MODEL, W_MODEL_ENDPOINT, 0, "sagemaker:InvokeEndpoint", R_MODEL_ENDPOINT, 0, "invoke the SageMaker endpoint (remote inference)", DOC_MODEL},
};

#define NROWS (sizeof(table) / sizeof(table[0]))

/* "s3://bucket/key": bucket into b, key into k; 0 when not an S3 URL */
static int
split_s3(const char *loc, char *b, size_t bsz, char *k, size_t ksz)
{
	const char *slash;
	size_t		n;

	if (loc == NULL || strncmp(loc, "s3://", 5) != 0)
		return 0;
	loc += 5;
	slash = strchr(loc, '/');
	n = slash ? (size_t) (slash - loc) : strlen(loc);
	if (n == 0 || n >= bsz)
		return 0;
	memcpy(b, loc, n);
	b[n] = '\0';
	rsi_utf8_snprintf(k, ksz, "%s", slash ? slash + 1 : "");
	return 1;
}

/* the value after "<scheme>://" up to the next '/' */
static int
after_scheme(const char *loc, const char *scheme, char *out, size_t sz)
{
	size_t		n = strlen(scheme),
				m;

	if (loc == NULL || strncmp(loc, scheme, n) != 0)
		return 0;
	loc += n;
	m = strcspn(loc, "/");
	if (m == 0 || m >= sz)
		return 0;
	memcpy(out, loc, m);
	out[m] = '\0';
	return 1;
}

static int
applies(const row *r, const rsi_command *cmd)
{
	int			s3 = cmd->location && strncmp(cmd->location, "s3://", 5) == 0;
	int			manifest = cmd->manifest || cmd->ssh;

	if (r->kind != cmd->kind)
		return 0;
	switch (r->when)
	{
		case W_S3:
			return s3 && !manifest;
		case W_MANIFEST:
			return s3 && manifest;
		case W_JSONPATHS:
			return cmd->jsonpaths != NULL;
		case W_DYNAMODB:
			return cmd->location && strncmp(cmd->location, "dynamodb://", 11) == 0;
		case W_EMR:
			return cmd->location && strncmp(cmd->location, "emr://", 6) == 0;
		case W_ALWAYS:
			return 1;
		case W_OVERWRITE:
			return cmd->allowoverwrite || cmd->cleanpath;
		case W_KMS:
			return cmd->kms_key_id != NULL;
		case W_SOURCE:
			return cmd->source == r->source;
		case W_CREATE_DB:
			return cmd->source == r->source && cmd->create_external_db;
		case W_MSK_IAM:
			return cmd->source == r->source && cmd->iam_auth;
		case W_LAMBDA:
			return cmd->location != NULL && !cmd->sagemaker;
		case W_SAGEMAKER:
			return cmd->location != NULL && cmd->sagemaker;
		case W_MODEL_BUCKET:
			return cmd->s3_bucket != NULL;
		case W_MODEL_ENDPOINT:
			return cmd->sagemaker_endpoint != NULL;
	}
	return 0;
}

static void
lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

/* Fill q->resource (and context) for r; 0 when the command lacks the value. */
static int
build(const row *r, const rsi_command *cmd, const rsi_iam_env *env, rsi_iam_perm_request *q)
{
	char		b[256],
				k[RSI_IAM_ARN_MAX],
				v[512];
	const char *region = cmd->region ? cmd->region : env->region;

	q->ctx_key = NULL;
	q->ctx_value[0] = '\0';
	switch (r->resource)
	{
		case R_S3_OBJECTS:
			if (!split_s3(cmd->location, b, sizeof(b), k, sizeof(k)))
				return 0;
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:s3:::%s/%s*",
							  env->partition, b, k);
			return 1;
		case R_S3_BUCKET:
			if (!split_s3(cmd->location, b, sizeof(b), k, sizeof(k)))
				return 0;
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:s3:::%s", env->partition, b);
			q->ctx_key = "s3:prefix";
			rsi_utf8_snprintf(q->ctx_value, sizeof(q->ctx_value), "%s", k);
			return 1;
		case R_S3_OBJECT:
		case R_JSONPATHS:
			if (!split_s3(r->resource == R_S3_OBJECT ? cmd->location : cmd->jsonpaths,
						  b, sizeof(b), k, sizeof(k)))
				return 0;
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:s3:::%s/%s",
							  env->partition, b, k);
			return 1;
		case R_DYNAMODB_TABLE:
			if (!after_scheme(cmd->location, "dynamodb://", v, sizeof(v)))
				return 0;
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:dynamodb:%s:%s:table/%s",
							  env->partition, region, env->account, v);
			return 1;
		case R_EMR_CLUSTER:
			if (!after_scheme(cmd->location, "emr://", v, sizeof(v)))
				return 0;
			rsi_utf8_snprintf(q->resource, sizeof(q->resource),
							  "arn:%s:elasticmapreduce:%s:%s:cluster/%s",
							  env->partition, env->region, env->account, v);
			return 1;
		case R_KMS_KEY:
			if (strncmp(cmd->kms_key_id, "arn:", 4) == 0)
				rsi_utf8_snprintf(q->resource, sizeof(q->resource), "%s", cmd->kms_key_id);
			else if (strncmp(cmd->kms_key_id, "alias/", 6) == 0)
				rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:kms:%s:%s:%s",
								  env->partition, region, env->account, cmd->kms_key_id);
			else
				rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:kms:%s:%s:key/%s",
								  env->partition, region, env->account, cmd->kms_key_id);
			return 1;
		case R_GLUE_CATALOG:
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:glue:%s:%s:catalog",
							  env->partition, region, env->catalog_account);
			return 1;
		case R_GLUE_DATABASE:
			if (cmd->location == NULL)
				return 0;
			/* the Data Catalog keeps names in lower case */
			rsi_utf8_snprintf(v, sizeof(v), "%s", cmd->location);
			lower(v);
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:glue:%s:%s:database/%s",
							  env->partition, region, env->catalog_account, v);
			return 1;
		case R_SECRET:
			if (cmd->secret_arn == NULL)
				return 0;
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "%s", cmd->secret_arn);
			return 1;
		case R_ANY:
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "*");
			return 1;
		case R_MSK_CLUSTER:
			if (cmd->cluster_arn == NULL)
				return 0;
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "%s", cmd->cluster_arn);
			return 1;
		case R_LAMBDA:
			if (strncmp(cmd->location, "arn:", 4) == 0)
				rsi_utf8_snprintf(q->resource, sizeof(q->resource), "%s", cmd->location);
			else
				rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:lambda:%s:%s:function:%s",
								  env->partition, env->region, env->account, cmd->location);
			return 1;
		case R_SAGEMAKER:
			/* endpoint ARNs carry the name in lower case */
			rsi_utf8_snprintf(v, sizeof(v), "%s", cmd->location);
			lower(v);
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:sagemaker:%s:%s:endpoint/%s",
							  env->partition, env->region, env->account, v);
			return 1;
		case R_MODEL_OBJECTS:
		case R_MODEL_BUCKET:
			/* S3_BUCKET is a bucket name; tolerate an s3:// URL */
			rsi_utf8_snprintf(b, sizeof(b), "%s", strncmp(cmd->s3_bucket, "s3://", 5) == 0 ?
							  cmd->s3_bucket + 5 : cmd->s3_bucket);
			b[strcspn(b, "/")] = '\0';
			if (b[0] == '\0')
				return 0;
			if (r->resource == R_MODEL_OBJECTS)
				rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:s3:::%s/*", env->partition, b);
			else
				rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:s3:::%s", env->partition, b);
			return 1;
		case R_MODEL_ENDPOINT:
			rsi_utf8_snprintf(v, sizeof(v), "%s", cmd->sagemaker_endpoint);
			lower(v);
			rsi_utf8_snprintf(q->resource, sizeof(q->resource), "arn:%s:sagemaker:%s:%s:endpoint/%s",
							  env->partition, env->region, env->account, v);
			return 1;
	}
	return 0;
}

size_t
rsi_iam_requests_for(const rsi_command *cmd, const rsi_iam_env *env,
					 rsi_iam_perm_request *out, size_t max, const char **note)
{
	size_t		i,
				n = 0;

	if (note)
	{
		*note = NULL;
		if (cmd->kind == RSI_CMD_COPY && (cmd->manifest || cmd->ssh))
			*note = "The files a manifest lists are not known before it is read; only the manifest itself is evaluated.";
		else if (cmd->kind == RSI_CMD_CREATE_EXTERNAL_SCHEMA && cmd->source == RSI_SRC_KINESIS)
			*note = "The stream is named later, by the materialized view; its read actions are not evaluated here.";
		else if (cmd->kind == RSI_CMD_CREATE_EXTERNAL_SCHEMA && cmd->source == RSI_SRC_HIVE_METASTORE)
			*note = "A Hive metastore is reached over the network, not through IAM; the S3 reads happen at query time.";
	}
	for (i = 0; i < NROWS && n < max; i++)
	{
		const row  *r = &table[i];

		if (!applies(r, cmd))
			continue;
		if (!build(r, cmd, env, &out[n]))
			continue;
		out[n].action = r->action;
		out[n].by_catalog_role = r->catalog;
		out[n].why = r->why;
		out[n].source = r->doc;
		n++;
	}
	return n;
}
