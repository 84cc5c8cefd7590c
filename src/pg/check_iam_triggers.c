/*
 * check_iam_triggers.c — see check_iam_triggers.h.
 *
 * The answer is kept until a relcache invalidation of one of the tables
 * (ALTER TABLE ... DISABLE TRIGGER, DROP TRIGGER, DROP EXTENSION) or of
 * every relation; then the tables' triggers are looked at again.
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_trigger.h"
#include "commands/trigger.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "check_iam_triggers.h"

static const char *const iam_tables[] = {
	"catalog_iam_roles", "catalog_iam_role_policies", "catalog_iam_policies",
	"catalog_iam_policy_versions", "catalog_iam_role_attachments",
	"catalog_iam_resource_policies"
};
#define NTABLES lengthof(iam_tables)

static bool known = false;
static bool ok = false;
static Oid	table_oids[NTABLES];
static bool callback_registered = false;

static void
relcache_callback(Datum arg, Oid relid)
{
	int			i;

	if (OidIsValid(relid) && known)
	{
		for (i = 0; i < (int) NTABLES; i++)
			if (relid == table_oids[i])
				break;
		if (i == (int) NTABLES)
			return;
	}
	known = false;
}

/* Does rel have both triggers, enabled so that every write fires one? */
static bool
table_ok(Relation rel)
{
	bool		stmt = false,
				row = false;
	int			j;

	if (rel->trigdesc == NULL)
		return false;
	for (j = 0; j < rel->trigdesc->numtriggers; j++)
	{
		Trigger    *t = &rel->trigdesc->triggers[j];

		if (strcmp(t->tgname, "iam_snapshot_changed") == 0 &&
			t->tgenabled == TRIGGER_FIRES_ALWAYS && !TRIGGER_FOR_ROW(t->tgtype) &&
			TRIGGER_FOR_INSERT(t->tgtype) && TRIGGER_FOR_UPDATE(t->tgtype) &&
			TRIGGER_FOR_DELETE(t->tgtype) && TRIGGER_FOR_TRUNCATE(t->tgtype))
			stmt = true;
		if (strcmp(t->tgname, "iam_snapshot_changed_row") == 0 &&
			(t->tgenabled == TRIGGER_FIRES_ON_REPLICA || t->tgenabled == TRIGGER_FIRES_ALWAYS) &&
			TRIGGER_FOR_ROW(t->tgtype) && TRIGGER_FOR_INSERT(t->tgtype) &&
			TRIGGER_FOR_UPDATE(t->tgtype) && TRIGGER_FOR_DELETE(t->tgtype))
			row = true;
	}
	return stmt && row;
}

bool
rsi_iam_triggers_ok(void)
{
	Oid			nsp;
	int			i;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (known)
		return ok;
	ok = false;
	nsp = get_namespace_oid("redshift_iam", true);
	for (i = 0; i < (int) NTABLES; i++)
		table_oids[i] = OidIsValid(nsp) ? get_relname_relid(iam_tables[i], nsp) : InvalidOid;
	known = true;				/* the callback may clear it while we look */
	for (i = 0; i < (int) NTABLES; i++)
	{
		Relation	rel;
		bool		good;

		if (!OidIsValid(table_oids[i]))
			return false;
		rel = table_open(table_oids[i], AccessShareLock);
		good = table_ok(rel);
		table_close(rel, AccessShareLock);
		if (!good)
			return false;
	}
	ok = known;
	return ok;
}
