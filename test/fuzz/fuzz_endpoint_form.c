/*
 * fuzz_endpoint_form.c — libFuzzer target for redshift-iam-endpoint's
 * request parsing (src/endpoint/form.c, actions.c, awserr.c, xmlout.c).
 *
 * The input is a form-encoded body.  It parses or is refused with a
 * sentence; what parses has unique names, each valid UTF-8 without NUL;
 * planning it either gives an SQL call whose parameters never hold the
 * master password, or an AWS error whose XML is written; a refusal's
 * sentence is written as an error too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "awserr.h"
#include "form.h"
#include "util/utf8.h"
#include "xmlout.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ep_form		f;
	ep_call		call;
	ep_error	err;
	char		why[512];
	const char *r = ep_form_parse((const char *) data, size, &f, why, sizeof(why));
	char	   *xml;
	size_t		i,
				j,
				n;

	if (r != NULL)
	{
		CHECK(strlen(r) < sizeof(why));
		ep_error_set(&err, "MalformedQueryString", "%s", r);
		xml = ep_xml_error(&err, "request-id");
		CHECK(xml != NULL);
		free(xml);
		ep_form_free(&f);
		return 0;
	}
	for (i = 0; i < f.n; i++)
	{
		CHECK(rsi_utf8_valid_prefix(f.params[i].value, f.params[i].value_len) == f.params[i].value_len);
		CHECK(strlen(f.params[i].value) == f.params[i].value_len);
		for (j = 0; j < i; j++)
			CHECK(strcmp(f.params[i].name, f.params[j].name) != 0);
	}
	free((void *) ep_form_list(&f, "IamRoles.IamRoleArn", &n));
	if (ep_plan(&f, &call, &err) == 0)
	{
		const char *pw = ep_form_get(&f, "MasterUserPassword");
		int			elsewhere = 0;

		CHECK(call.action != NULL && call.sql != NULL && call.nparams <= EP_CALL_MAX_PARAMS);
		/* the password reaches SQL only if another parameter holds it too */
		for (i = 0; pw && i < f.n; i++)
			elsewhere |= strcmp(f.params[i].name, "MasterUserPassword") != 0 &&
				strstr(f.params[i].value, pw) != NULL;
		for (i = 0; pw && strlen(pw) >= 8 && !elsewhere && i < (size_t) call.nparams; i++)
			CHECK(call.params[i] == NULL || strstr(call.params[i], pw) == NULL);
		ep_call_free(&call);
	}
	else
	{
		CHECK(err.status >= 400 && err.status < 600 && err.code[0] != '\0');
		xml = ep_xml_error(&err, "request-id");
		/* messages keep whole UTF-8 characters: the writer always succeeds */
		CHECK(xml != NULL);
		free(xml);
	}
	ep_form_free(&f);
	return 0;
}
