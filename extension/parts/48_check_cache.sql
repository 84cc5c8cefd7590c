/* ---- the command checks' cache of catalog rows ---- */

/*
 * check_command and validate_script keep, per backend, the catalog rows
 * they read by primary key (src/pg/check_cache.c): cluster rows,
 * associations, the ASSUMEROLE default row, principal mappings and the
 * IAM snapshot's state, and whether the Serverless tables are empty.
 * This statement trigger on each of those tables
 * invalidates the table's relcache entry, so every backend drops its cache
 * when the writing transaction commits, and holds a lock on the extension
 * until those invalidations are sent, so that a check never trusts its
 * cache while a committed write is not yet announced.  It is enabled
 * ALWAYS: logical replication and session_replication_role = replica
 * (bench/bench_seed.sql) fire it too.  A check uses the cache only while
 * every one of these triggers is in place and enabled.
 */
CREATE FUNCTION redshift_iam_internal._check_cache_invalidate()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rsi_sql_check_cache_invalidate'
LANGUAGE C;
COMMENT ON FUNCTION redshift_iam_internal._check_cache_invalidate() IS
  'Internal trigger: drop every backend''s cache of check_command''s catalog rows when the writing transaction commits';
REVOKE ALL ON FUNCTION redshift_iam_internal._check_cache_invalidate() FROM PUBLIC;

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_clusters
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_clusters ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_clusters IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_cluster_iam_roles
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_cluster_iam_roles ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_cluster_iam_roles IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_assumerole_grants
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_assumerole_grants ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_assumerole_grants IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_principals
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_principals ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_principals IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_roles
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_iam_roles ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_iam_roles IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_version
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_iam_version ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_iam_version IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_namespaces
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_namespaces ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_namespaces IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

CREATE TRIGGER check_cache_invalidate
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_workgroups
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_workgroups ENABLE ALWAYS TRIGGER check_cache_invalidate;
COMMENT ON TRIGGER check_cache_invalidate ON redshift_iam.catalog_workgroups IS
  'Drops the command checks'' cached catalog rows in every backend when the writing transaction commits';

/*
 * The same function as a row trigger, enabled REPLICA: PostgreSQL's
 * logical replication apply worker fires row triggers but no statement
 * trigger ("Logical Replication Architecture", PostgreSQL documentation,
 * https://www.postgresql.org/docs/15/logical-replication-architecture.html),
 * so without it a subscriber's backends would keep rows the publisher
 * changed.  REPLICA: it fires only where session_replication_role is
 * replica (the apply worker, a superuser's bulk load), so ordinary writes
 * pay nothing per row.  A check uses the cache only while these are in
 * place and enabled too.
 */
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_clusters
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_clusters ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_clusters IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_cluster_iam_roles
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_cluster_iam_roles ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_cluster_iam_roles IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_assumerole_grants
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_assumerole_grants ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_assumerole_grants IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_principals
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_principals ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_principals IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_roles
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_iam_roles ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_iam_roles IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_version
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_iam_version ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_iam_version IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_namespaces
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_namespaces ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_namespaces IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
CREATE TRIGGER check_cache_invalidate_row
    BEFORE INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_workgroups
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._check_cache_invalidate();
ALTER TABLE redshift_iam.catalog_workgroups ENABLE REPLICA TRIGGER check_cache_invalidate_row;
COMMENT ON TRIGGER check_cache_invalidate_row ON redshift_iam.catalog_workgroups IS
  'Drops the command checks'' cached catalog rows in every backend when a replicated change to the table commits';
