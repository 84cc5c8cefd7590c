/*
 * fuzz_namespace.c — libFuzzer target for the reader of Redshift Serverless
 * namespace and workgroup output (namespace.c).
 *
 * An iamRoles element either is refused with a reason or yields an ARN
 * span inside the element and one of the three statuses; a whole document
 * either is refused with a message or yields namespaces whose every role
 * was read from it, and its JSON text is well formed.  The input is tried
 * as an element, as a whole document, and wrapped as an element of
 * list-namespaces output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cluster/namespace.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void
check_doc(const char *text, size_t len)
{
	rsi_serverless_doc doc;
	char		err[512];
	size_t		i,
				j;

	if (rsi_serverless_parse(text, len, &doc, err, sizeof(err)) != 0)
	{
		CHECK(err[0] != '\0');
		CHECK(doc.n_namespaces == 0 && doc.n_workgroups == 0);
		return;
	}
	for (i = 0; i < doc.n_namespaces; i++)
	{
		const rsi_described_namespace *ns = &doc.namespaces[i];

		CHECK(ns->name && ns->arn && ns->account && ns->region && ns->status && ns->id);
		CHECK(strlen(ns->account) == 12);
		CHECK(strstr(ns->arn, ns->region) != NULL);
		for (j = 0; j < ns->n_roles; j++)
		{
			CHECK(strncmp(ns->roles[j].arn, "arn:", 4) == 0);
			CHECK(strcmp(ns->roles[j].status, "in-sync") == 0 ||
				  strcmp(ns->roles[j].status, "adding") == 0 ||
				  strcmp(ns->roles[j].status, "removing") == 0);
		}
	}
	for (i = 0; i < doc.n_workgroups; i++)
		CHECK(doc.workgroups[i].name && doc.workgroups[i].namespace_name);
	{
		char	   *js = rsi_serverless_json_text(&doc);
		json_error_t jerr;
		json_t	   *back;

		CHECK(js != NULL);
		back = json_loads(js, 0, &jerr);
		CHECK(back != NULL);
		CHECK(json_array_size(json_object_get(back, "namespaces")) == doc.n_namespaces);
		json_decref(back);
		free(js);
	}
	rsi_serverless_free(&doc);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	size_t		off,
				len;
	const char *st;
	const char *why = rsi_namespace_role_parse(s, size, &off, &len, &st);

	if (why == NULL)
	{
		CHECK(len > 0 && off + len <= size);
		CHECK(strcmp(st, "in-sync") == 0 || strcmp(st, "adding") == 0 || strcmp(st, "removing") == 0);
	}
	check_doc(s, size);

	/* the input as one iamRoles element of list-namespaces output */
	{
		json_t	   *role = json_stringn(s, size);

		if (role)
		{
			json_t	   *doc = json_pack("{s:[{s:s,s:s,s:s,s:[o]}]}", "namespaces",
										"namespaceName", "analytics",
										"namespaceArn",
										"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad",
										"defaultIamRoleArn", "arn:aws:iam::111122223333:role/Etl",
										"iamRoles", role);
			char	   *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;

			if (text)
				check_doc(text, strlen(text));
			free(text);
			json_decref(doc);
		}
	}
	return 0;
}
