/*
 * iam_decide.c — the core's IAM decision (rsi_iam_decide) for cases read
 * as JSON Lines on stdin, one decision per line on stdout: the half of the
 * differential test that runs our code (test/host/iam_differential.sh).
 *
 * A case: {"identity": [policy, ...], "resource_policy": policy or null,
 * "owner": "<account>" or null, "principal": "<role ARN>", "action",
 * "resource", "context": {"key": "value", ...}}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "iam/iam_check.h"
#include "iam/snapshot.h"

static rsi_policy *
compile(json_t *doc, rsi_policy_kind kind, const char *name)
{
	char	   *text = json_dumps(doc, JSON_COMPACT);
	rsi_policy_error err;
	rsi_policy *p = rsi_policy_parse_kind(text, strlen(text), name, kind, NULL, &err);

	if (p == NULL)
		fprintf(stderr, "%s: %s: %s\n", name, err.element, err.message);
	free(text);
	return p;
}

int
main(void)
{
	char		line[1 << 16];

	while (fgets(line, sizeof(line), stdin) != NULL)
	{
		json_error_t jerr;
		json_t	   *c = json_loads(line, 0, &jerr);
		json_t	   *ids,
				   *ctx,
				   *v;
		rsi_policy *pols[16];
		rsi_policy *rp = NULL;
		size_t		n = 0,
					i,
					nc = 0;
		const char *key;
		const char *names[1];
		const char *vals[16];
		rsi_context_entry ce[16];
		char		acct[13];
		rsi_principal_req pr;
		rsi_request req;
		rsi_iam_decision d;

		if (c == NULL)
		{
			fprintf(stderr, "bad case: %s\n", jerr.text);
			return 2;
		}
		ids = json_object_get(c, "identity");
		for (i = 0; i < json_array_size(ids) && n < 16; i++)
			if ((pols[n] = compile(json_array_get(ids, i), RSI_POLICY_IDENTITY, "identity")) != NULL)
				n++;
			else
				return 2;
		if (json_is_object(json_object_get(c, "resource_policy")) &&
			(rp = compile(json_object_get(c, "resource_policy"), RSI_POLICY_RESOURCE, "resource")) == NULL)
			return 2;
		ctx = json_object_get(c, "context");
		json_object_foreach(ctx, key, v)
		{
			if (nc == 16)
				break;
			vals[nc] = json_string_value(v);
			ce[nc].key = key;
			ce[nc].values = &vals[nc];
			ce[nc].nvalues = 1;
			nc++;
		}
		names[0] = json_string_value(json_object_get(c, "principal"));
		rsi_iam_arn_account(names[0], acct);
		pr.type = "AWS";
		pr.names = names;
		pr.nnames = 1;
		pr.account = acct;
		req.action = json_string_value(json_object_get(c, "action"));
		req.resource = json_string_value(json_object_get(c, "resource"));
		req.context = ce;
		req.ncontext = nc;
		if (rsi_iam_decide((const rsi_policy *const *) pols, n, rp,
						   json_string_value(json_object_get(c, "owner")), &pr, &req, &d) != 0)
			return 3;
		printf("%s\n", rsi_iam_outcome_name(d.outcome));
		rsi_iam_decision_free(&d);
		for (i = 0; i < n; i++)
			rsi_policy_free(pols[i]);
		rsi_policy_free(rp);
		json_decref(c);
	}
	return 0;
}
