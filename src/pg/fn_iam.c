/*
 * fn_iam.c — C helpers of the IAM snapshot (extension/parts/35_iam.sql).
 *
 * IAM's API returns policy documents URL-encoded; the AWS CLI decodes them,
 * the raw API and some SDKs do not.  _url_decode exposes the shared decoder
 * (util/urlenc.h) to SQL, and _iam_document turns a document as an export
 * or a writer gives it (a JSON object, a URL-encoded string, or JSON text)
 * into a jsonb object validated by the core's policy engine, naming the
 * entity it belongs to when it is refused.
 *
 * Every document is compiled by the engine as the kind it is (identity,
 * trust or resource-based: rsi_policy_parse_kind), which knows the
 * Principal element and when Resource may be left out: one rule for the
 * import, the writers, the command checks and the offline checker.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/jsonb.h"

#include "util/urlenc.h"

#include "rsi_catalog.h"
#include "rsi_policy.h"

PG_FUNCTION_INFO_V1(rsi_sql_url_decode);
PG_FUNCTION_INFO_V1(rsi_sql_iam_document);

#define ENTITY_MAX_BYTES 400
#define DOC_HINT "A policy document is a JSON object, or a string holding one, URL-encoded as IAM's API returns it or plain."

/* The text of a jsonb string scalar, or NULL when doc is not one. */
static char *
jsonb_string_scalar(Jsonb *doc, int *len)
{
	JsonbValue	v;

	if (!JB_ROOT_IS_SCALAR(doc) || !JsonbExtractScalar(&doc->root, &v) ||
		v.type != jbvString)
		return NULL;
	*len = v.val.string.len;
	return pnstrdup(v.val.string.val, v.val.string.len);
}

/* Percent-decode s (plain RFC 3986, '+' stays '+'), as valid text. */
static char *
url_decode_text(const char *s, size_t n, const char *what, const char *operation)
{
	char	   *out = palloc(n + 1);
	long		len = rsi_url_decode(s, n, out, 0);

	if (len < 0)
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MalformedPolicyDocument", operation,
						 DOC_HINT, "%s: a '%%' is not followed by two hexadecimal digits", what);
	if (memchr(out, '\0', len) != NULL || !pg_verifymbstr(out, (int) len, true))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MalformedPolicyDocument", operation,
						 DOC_HINT, "%s: the decoded document is not valid text", what);
	return out;
}

/*
 * redshift_iam_internal._url_decode(encoded text) RETURNS text
 * Percent-decoding as IAM's documents need it ('+' is kept).
 */
Datum
rsi_sql_url_decode(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *out = palloc(VARSIZE_ANY_EXHDR(t) + 1);
	long		len = rsi_url_decode(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), out, 0);

	if (len < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid percent-encoding: a \"%%\" is not followed by two hexadecimal digits"),
				 errhint("Encode a literal \"%%\" as %%25.")));
	if (memchr(out, '\0', len) != NULL || !pg_verifymbstr(out, (int) len, true))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("percent-decoded text is not valid in the database encoding"),
				 errdetail("The decoded bytes hold a NUL byte or an invalid character sequence.")));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int) len));
}

/*
 * redshift_iam_internal._iam_document(document jsonb, entity text,
 *     kind text, operation text) RETURNS jsonb
 *
 * document as an export or a writer gives it; entity names it in errors
 * ("role/Admin AssumeRolePolicyDocument"); kind is identity, trust or
 * resource.  Returns the decoded object; a refused document raises
 * MalformedPolicyDocument (22023) or LimitExceeded (54000) as operation's
 * error, whose DETAIL names the entity.
 */
Datum
rsi_sql_iam_document(PG_FUNCTION_ARGS)
{
	char	   *entity = PG_ARGISNULL(1) ? pstrdup("(document)") : text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *kind_s = PG_ARGISNULL(2) ? "identity" : text_to_cstring(PG_GETARG_TEXT_PP(2));
	char	   *operation = PG_ARGISNULL(3) ? "ImportIam" : text_to_cstring(PG_GETARG_TEXT_PP(3));
	rsi_policy_kind kind;
	Jsonb	   *volatile doc = NULL;
	MemoryContext cxt = CurrentMemoryContext;

	if (strcmp(kind_s, "identity") == 0)
		kind = RSI_POLICY_IDENTITY;
	else if (strcmp(kind_s, "trust") == 0)
		kind = RSI_POLICY_TRUST;
	else if (strcmp(kind_s, "resource") == 0)
		kind = RSI_POLICY_RESOURCE;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown policy document kind \"%s\"", kind_s),
				 errhint("The kinds are identity, trust and resource.")));
	/* names come from the caller's input: bounded before they are echoed */
	if (strlen(entity) > ENTITY_MAX_BYTES)
	{
		int			cut = pg_mbcliplen(entity, (int) strlen(entity), ENTITY_MAX_BYTES);

		entity[cut] = '\0';
		entity = psprintf("%s...", entity);
	}

	PG_TRY();
	{
		const char *text = NULL;

		if (PG_ARGISNULL(0))
			rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MalformedPolicyDocument", operation,
							 DOC_HINT, "%s: the policy document is missing", entity);
		doc = PG_GETARG_JSONB_P(0);
		if (JB_ROOT_IS_SCALAR(doc))
		{
			int			len;
			char	   *s = jsonb_string_scalar(doc, &len);

			if (s != NULL)
			{
				const char *p = s;

				while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
					p++;
				/* IAM keeps a document's own leading blanks: "%0A%7B..." */
				if (rsi_url_looks_encoded_json(s, len) || *p == '%')
					p = url_decode_text(s, len, entity, operation);
				while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
					p++;
				if (*p != '{')
					rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MalformedPolicyDocument", operation,
									 DOC_HINT, "%s: (document): a string that holds neither a JSON object nor a URL-encoded one",
									 entity);
				text = p;
			}
		}
		if (text == NULL)
			text = JsonbToCString(NULL, &doc->root, VARSIZE(doc));
		/* the engine's rule for the kind; text that is not JSON is refused with its line and column */
		(void) rsi_pg_compile_policy_text(text, strlen(text), NULL, kind, operation, entity);
		if (JB_ROOT_IS_SCALAR(doc))
			doc = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(text)));
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		if (edata->detail == NULL &&
			(edata->sqlerrcode == ERRCODE_INVALID_PARAMETER_VALUE ||
			 edata->sqlerrcode == ERRCODE_PROGRAM_LIMIT_EXCEEDED))
			edata->detail = psprintf("The refused document is %s; nothing was stored.", entity);
		ReThrowError(edata);
	}
	PG_END_TRY();
	PG_RETURN_JSONB_P(doc);
}
