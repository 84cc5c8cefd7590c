/*
 * form.h — the parameters of an AWS Query request.
 *
 * AWS's Query protocol sends its parameters form-encoded
 * (application/x-www-form-urlencoded): "Action=CreateCluster&Version=...".
 * Pure C: no server, no database, so the parser is unit-tested and fuzzed
 * on its own (test/endpoint, test/fuzz/fuzz_endpoint_form.c).
 */
#ifndef RSI_EP_FORM_H
#define RSI_EP_FORM_H

#include <stddef.h>

/* bounds of one request's parameters */
#define EP_FORM_MAX_PARAMS		1000
#define EP_FORM_MAX_NAME		256

typedef struct ep_param
{
	char	   *name;			/* decoded, NUL-terminated, valid UTF-8 */
	char	   *value;			/* decoded, NUL-terminated, valid UTF-8 */
	size_t		value_len;
} ep_param;

typedef struct ep_form
{
	ep_param   *params;
	size_t		n;
} ep_form;

/*
 * Parse body[0..len) into *form (freed with ep_form_free, also on failure).
 * Returns NULL, or a sentence saying why the body is refused: malformed
 * percent-encoding, a parameter without a name, a name or value that is
 * not UTF-8 or holds NUL, a duplicate name, too many parameters.  The
 * sentence may name the offending parameter (bounded), never a value.
 * why is a caller buffer of whylen bytes.
 */
extern const char *ep_form_parse(const char *body, size_t len, ep_form *form,
								 char *why, size_t whylen);
extern void ep_form_free(ep_form *form);

/* The value of parameter name, or NULL when absent. */
extern const char *ep_form_get(const ep_form *form, const char *name);

/*
 * The values of a Query list "Prefix.1", "Prefix.2", ... (e.g.
 * "IamRoles.IamRoleArn"), in index order, in a malloc'd array the caller
 * frees (the strings belong to form).  *count is the number of values.
 * Returns NULL with *count 0 when the list is absent; with *count set to
 * (size_t) -1 when an index is not a positive decimal number, repeats
 * (after normalisation) or leaves a gap.
 */
extern const char **ep_form_list(const ep_form *form, const char *prefix, size_t *count);

#endif							/* RSI_EP_FORM_H */
