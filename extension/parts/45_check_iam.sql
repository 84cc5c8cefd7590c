
/* ---- the IAM snapshot's version, for the checks' cache ---- */

/*
 * check_command and validate_script keep each role set's compiled IAM
 * snapshot per backend (src/pg/check_iam.c).  They must see every change
 * to the snapshot, deletes included, and only once it is committed, so a
 * one-row table holds a version that every statement writing an IAM table
 * raises, in the writing transaction: a check reads one row to know
 * whether what it holds is current.
 */
CREATE TABLE redshift_iam.catalog_iam_version (
    singleton boolean NOT NULL DEFAULT true,
    version   bigint NOT NULL DEFAULT 0,
    CONSTRAINT catalog_iam_version_pkey PRIMARY KEY (singleton),
    CONSTRAINT catalog_iam_version_singleton CHECK (singleton)
);
INSERT INTO redshift_iam.catalog_iam_version DEFAULT VALUES;
COMMENT ON TABLE redshift_iam.catalog_iam_version IS
  'One row: the IAM snapshot''s version, raised by every statement that writes an IAM snapshot table, so that the command checks know when their cached snapshots are stale';
REVOKE ALL ON TABLE redshift_iam.catalog_iam_version FROM PUBLIC;

CREATE FUNCTION redshift_iam_internal._iam_snapshot_changed()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  UPDATE redshift_iam.catalog_iam_version
     SET version = version OPERATOR(pg_catalog.+) 1;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION redshift_iam_internal._iam_snapshot_changed() IS
  'Internal trigger: raise the IAM snapshot''s version (catalog_iam_version) once per statement that writes an IAM snapshot table, and per row that logical replication applies';
REVOKE ALL ON FUNCTION redshift_iam_internal._iam_snapshot_changed() FROM PUBLIC;

CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_roles
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_role_policies
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_policies
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_policy_versions
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_role_attachments
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
CREATE TRIGGER iam_snapshot_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON redshift_iam.catalog_iam_resource_policies
    FOR EACH STATEMENT EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
/*
 * Enabled ALWAYS: a write under session_replication_role = replica (a
 * superuser's restore or bulk load) changes the snapshot too, and a check
 * that kept the old one would allow what the new one refuses.
 */
ALTER TABLE redshift_iam.catalog_iam_roles ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_role_policies ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_policies ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_policy_versions ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_role_attachments ENABLE ALWAYS TRIGGER iam_snapshot_changed;
ALTER TABLE redshift_iam.catalog_iam_resource_policies ENABLE ALWAYS TRIGGER iam_snapshot_changed;
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_roles IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_role_policies IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_policies IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_policy_versions IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_role_attachments IS
  'Raises catalog_iam_version for the command checks'' cache';
COMMENT ON TRIGGER iam_snapshot_changed ON redshift_iam.catalog_iam_resource_policies IS
  'Raises catalog_iam_version for the command checks'' cache';

/*
 * Logical replication's apply worker fires row triggers but no statement
 * trigger (https://www.postgresql.org/docs/15/logical-replication-architecture.html):
 * on a subscriber of the IAM snapshot's tables the version is raised by
 * these row triggers, enabled REPLICA (they fire only where
 * session_replication_role is replica, so ordinary writes pay nothing per
 * row).  Publish catalog_iam_version or not: each write of its row is seen.
 */
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_roles
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_roles ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_roles IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_role_policies
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_role_policies ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_role_policies IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_policies
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_policies ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_policies IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_policy_versions
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_policy_versions ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_policy_versions IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_role_attachments
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_role_attachments ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_role_attachments IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
CREATE TRIGGER iam_snapshot_changed_row
    AFTER INSERT OR UPDATE OR DELETE ON redshift_iam.catalog_iam_resource_policies
    FOR EACH ROW EXECUTE FUNCTION redshift_iam_internal._iam_snapshot_changed();
ALTER TABLE redshift_iam.catalog_iam_resource_policies ENABLE REPLICA TRIGGER iam_snapshot_changed_row;
COMMENT ON TRIGGER iam_snapshot_changed_row ON redshift_iam.catalog_iam_resource_policies IS
  'Raises catalog_iam_version for the command checks'' cache when a replicated change is applied';
