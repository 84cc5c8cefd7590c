/*
 * principal_doc.h — trust and resource-based policy documents
 * (policy_principal_doc.c).
 *
 * Until the compiler takes these documents itself, this is how their
 * Principal elements are validated and the rest is given to it.
 */
#ifndef RSI_POLICY_PRINCIPAL_DOC_H
#define RSI_POLICY_PRINCIPAL_DOC_H

#include <stddef.h>

/* 1 when s[0..n) is JSON text; else 0 and why says where it breaks. */
extern int	rsi_json_syntax_ok(const char *s, size_t n, char *why, size_t whylen);

/*
 * A trust or resource-based policy made checkable by the identity-policy
 * engine: its Id, Principal and NotPrincipal elements checked for shape
 * and removed, "Resource": "*" added to a statement without a Resource or
 * NotResource.  Returns malloc'd JSON text (free() it); NULL when an
 * element is malformed or memory ran out, with why set ("Statement[0].Principal: ...").
 * Text that is not a JSON object is returned unchanged for the engine to
 * refuse.
 */
extern char *rsi_principal_doc_for_compiler(const char *s, size_t n, int trust,
											 char *why, size_t whylen);

#endif							/* RSI_POLICY_PRINCIPAL_DOC_H */
