/*
 * policy_principal_doc.c — trust and resource-based policy documents made
 * checkable by the identity-policy compiler (principal_doc.h).
 *
 * The compiler (policy_doc.c) takes identity policies, which have no
 * Principal and always a Resource.  A trust policy (a role's
 * AssumeRolePolicyDocument) or a resource-based policy (S3 bucket, KMS key,
 * Lambda function) names a Principal and may omit Resource.  This file
 * checks the shape of Id, Principal and NotPrincipal and hands the rest to
 * the compiler, so every other element keeps one validator.  Shapes:
 * IAM JSON policy elements: Principal
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_util.h"

#include "policy/principal_doc.h"

int
rsi_json_syntax_ok(const char *s, size_t n, char *why, size_t whylen)
{
	json_error_t jerr;
	json_t	   *root = json_loadb(s, n, JSON_DECODE_ANY, &jerr);

	if (root != NULL)
	{
		json_decref(root);
		return 1;
	}
	snprintf(why, whylen, "not valid JSON at line %d, column %d: %s",
			 jerr.line, jerr.column, jerr.text);
	return 0;
}

/* Is v a valid Principal / NotPrincipal value?  Else *why says why. */
static int
principal_ok(json_t *v, const char **why)
{
	const char *key;
	json_t	   *val;

	if (json_is_string(v))
	{
		*why = "a Principal given as a string must be \"*\"";
		return strcmp(json_string_value(v), "*") == 0;
	}
	if (!json_is_object(v) || json_object_size(v) == 0)
	{
		*why = "a Principal must be \"*\" or a non-empty object";
		return 0;
	}
	json_object_foreach(v, key, val)
	{
		size_t		i;
		json_t	   *x;

		if (strcmp(key, "AWS") != 0 && strcmp(key, "Service") != 0 &&
			strcmp(key, "Federated") != 0 && strcmp(key, "CanonicalUser") != 0)
		{
			*why = "a Principal's keys are AWS, Service, Federated or CanonicalUser";
			return 0;
		}
		*why = "a Principal's values are a string or a non-empty array of strings";
		if (json_is_string(val))
			continue;
		if (!json_is_array(val) || json_array_size(val) == 0)
			return 0;
		json_array_foreach(val, i, x)
			if (!json_is_string(x))
			return 0;
	}
	return 1;
}

char *
rsi_principal_doc_for_compiler(const char *s, size_t n, int trust, char *why, size_t whylen)
{
	json_t	   *root = json_loadb(s, n, 0, NULL);
	json_t	   *stmts;
	json_t	   *one = NULL;
	json_t	   *st;
	size_t		i;
	char	   *out;

	why[0] = '\0';
	if (root == NULL || !json_is_object(root))
	{
		json_decref(root);
		out = malloc(n + 1);	/* the compiler names what is wrong */
		if (out == NULL)
			snprintf(why, whylen, "out of memory");
		else
		{
			memcpy(out, s, n);
			out[n] = '\0';
		}
		return out;
	}
	if (json_object_get(root, "Id") != NULL && !json_is_string(json_object_get(root, "Id")))
	{
		snprintf(why, whylen, "Id: Id must be a string");
		json_decref(root);
		return NULL;
	}
	json_object_del(root, "Id");
	stmts = json_object_get(root, "Statement");
	if (json_is_object(stmts))
	{
		one = json_array();
		json_array_append(one, stmts);
		stmts = one;
	}
	if (json_is_array(stmts))
		json_array_foreach(stmts, i, st)
	{
		json_t	   *p;
		json_t	   *np;
		const char *w = NULL;

		if (!json_is_object(st))
			continue;
		p = json_object_get(st, "Principal");
		np = json_object_get(st, "NotPrincipal");
		if ((p == NULL) == (np == NULL) ||
			(p != NULL && !principal_ok(p, &w)) ||
			(np != NULL && !principal_ok(np, &w)))
		{
			if (w == NULL)
				w = p == NULL ?
					(trust ? "a statement in a trust policy must have a Principal or a NotPrincipal" :
					 "a statement in a resource-based policy must have a Principal or a NotPrincipal") :
					"a statement must have exactly one of Principal or NotPrincipal, not both";
			snprintf(why, whylen, "Statement[%zu].%s: %s", i,
					 np != NULL && p == NULL ? "NotPrincipal" : "Principal", w);
			json_decref(one);
			json_decref(root);
			return NULL;
		}
		json_object_del(st, "Principal");
		json_object_del(st, "NotPrincipal");
		if (json_object_get(st, "Resource") == NULL && json_object_get(st, "NotResource") == NULL)
			json_object_set_new(st, "Resource", json_string("*"));
	}
	json_decref(one);
	out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (out == NULL)
		snprintf(why, whylen, "out of memory");
	return out;
}
