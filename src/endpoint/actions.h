/*
 * actions.h — from a Query request's parameters to one call of the
 * extension's SQL functions.
 *
 * Pure C: the request is validated (Action, Version, each parameter as
 * AWS validates it) and turned into an SQL text with its parameters; the
 * database glue (db.c) runs it.  Parameters the catalog does not model
 * (master user name and password, VPC, encryption, ...) are validated
 * here and then dropped: they reach no SQL text, no log and no message.
 */
#ifndef RSI_EP_ACTIONS_H
#define RSI_EP_ACTIONS_H

#include "awserr.h"
#include "form.h"

#define EP_API_VERSION "2012-12-01"
#define EP_CALL_MAX_PARAMS 8

typedef struct ep_call
{
	const char *action;			/* "CreateCluster" */
	const char *sql;			/* returns one row, one text column: the JSON result */
	int			nparams;
	char	   *params[EP_CALL_MAX_PARAMS];	/* malloc'd; NULL is SQL NULL */
} ep_call;

/*
 * Plan the call of form's action: 0 with *call set (free with
 * ep_call_free), or -1 with *err set (InvalidAction, MissingAction,
 * MissingParameter, NoSuchVersion, InvalidParameterValue,
 * InvalidParameterCombination, UnknownParameter).
 */
extern int	ep_plan(const ep_form *form, ep_call *call, ep_error *err);
extern void ep_call_free(ep_call *call);

#endif							/* RSI_EP_ACTIONS_H */
