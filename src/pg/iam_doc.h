/*
 * iam_doc.h — JSON helpers of the IAM snapshot's documents (iam_principal.c).
 *
 * No PostgreSQL headers: iam_principal.c includes jansson, whose
 * json_object() clashes with the backend's.
 */
#ifndef RSI_PG_IAM_DOC_H
#define RSI_PG_IAM_DOC_H

#include <stddef.h>

/* 1 when s[0..n) is JSON text; else 0 and why says where it breaks. */
extern int	rsi_iam_json_syntax(const char *s, size_t n, char *why, size_t whylen);

/*
 * A trust or resource-based policy made checkable by the identity-policy
 * engine: its Id, Principal and NotPrincipal elements checked for shape
 * and removed, "Resource": "*" added to a statement without a Resource or
 * NotResource.  Returns malloc'd JSON text (free() it); NULL when an
 * element is malformed or memory ran out, with why set ("Statement[0].Principal: ...").
 * Text that is not a JSON object is returned unchanged for the engine to
 * refuse.
 */
extern char *rsi_iam_strip_principals(const char *s, size_t n, int trust,
									  char *why, size_t whylen);

#endif							/* RSI_PG_IAM_DOC_H */
