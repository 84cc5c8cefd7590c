/*
 * check_iam_triggers.h — are the triggers that raise the IAM snapshot's
 * version (iam_snapshot_changed, enabled ALWAYS, and
 * iam_snapshot_changed_row, enabled REPLICA or ALWAYS) on every IAM
 * snapshot table?  check_iam.c keeps a backend's loaded snapshots from one
 * call to the next only then: a write made while one is disabled raises no
 * version, and a kept snapshot would allow what the write removed.
 */
#ifndef RSI_PG_CHECK_IAM_TRIGGERS_H
#define RSI_PG_CHECK_IAM_TRIGGERS_H

#include "postgres.h"

extern bool rsi_iam_triggers_ok(void);

#endif							/* RSI_PG_CHECK_IAM_TRIGGERS_H */
