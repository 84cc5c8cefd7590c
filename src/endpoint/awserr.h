/*
 * awserr.h — AWS's error answer: code, HTTP status, message.
 *
 * The Query protocol answers a fault with
 * <ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>
 * and the status botocore's model gives the code (ClusterNotFound 404,
 * most faults 400, authentication 403).  This file maps the extension's
 * errors (SQLSTATE and "An error occurred (Code) when calling the Op
 * operation: message") to that.  Pure C, unit-tested.
 */
#ifndef RSI_EP_AWSERR_H
#define RSI_EP_AWSERR_H

#include <stddef.h>

#define EP_MESSAGE_MAX 2048

typedef struct ep_error
{
	int			status;			/* HTTP status */
	int			sender;			/* Type Sender (1) or Receiver (0) */
	char		code[64];
	char		message[EP_MESSAGE_MAX];
} ep_error;

/* Set *err to code and a printf-formatted message, with code's status. */
extern void ep_error_set(ep_error *err, const char *code, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* The HTTP status AWS uses for code. */
extern int	ep_error_status(const char *code);

/*
 * Map an error of the extension (SQLSTATE, primary message) to AWS's
 * answer.  An error the API does not name becomes InternalFailure (500)
 * with a fixed message: server-side faults do not leak their text.
 */
extern void ep_error_from_sql(const char *sqlstate, const char *message, ep_error *err);

#endif							/* RSI_EP_AWSERR_H */
