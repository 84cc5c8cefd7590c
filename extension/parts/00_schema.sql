-- redshift_iam install script, assembled from the files in extension/parts

-- complain if the script is sourced in psql rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION redshift_iam" to load this file. \quit

/*
 * The control file names pg_catalog, so search_path is pg_catalog while this
 * runs; every object below is schema-qualified.  CREATE SCHEMA (not IF NOT
 * EXISTS) fails if anyone created the schema first, so no object can be
 * planted in it.
 */
/*
 * The C code treats text as UTF-8 (columns counted in characters, excerpts
 * cut on character boundaries, JSON documents); in a database of another
 * encoding it would report wrong positions or emit invalid text.  A
 * database's encoding never changes, and CREATE DATABASE cannot copy this
 * database into another encoding (only template0 can be copied so), so
 * checking once here is enough.
 */
DO $$
BEGIN
  IF pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.<>) 'UTF8' THEN
    RAISE EXCEPTION 'extension "redshift_iam" requires a database with encoding UTF8, not %',
                    pg_catalog.getdatabaseencoding()
      USING ERRCODE = 'feature_not_supported',
            HINT = 'Create a UTF8 database (CREATE DATABASE ... ENCODING ''UTF8'' TEMPLATE template0) and install the extension there.';
  END IF;
END
$$;

CREATE SCHEMA redshift_iam;
COMMENT ON SCHEMA redshift_iam IS
  'Amazon Redshift cluster IAM-role catalog, IAM policy checks and command checks';
GRANT USAGE ON SCHEMA redshift_iam TO PUBLIC;

/*
 * The extension's internal functions (names starting with "_") live in a
 * schema of their own, so that the user's schema holds only the interface
 * (as pg_partman and PostGIS keep their internals apart), and an error
 * raised inside a helper does not name a helper of the user's schema.
 * Created the same way as redshift_iam (no IF NOT EXISTS), so nobody can
 * plant objects in it first.  USAGE goes to PUBLIC because functions that
 * PUBLIC may call (has_assumerole_privilege, check_command, the views) call
 * helpers as the caller; EXECUTE is decided function by function, as it was
 * when the helpers lived in redshift_iam (revoked from PUBLIC for helpers
 * that write or act on the caller's behalf).  The catalog tables stay in
 * redshift_iam: pg_dump writes their rows under that name, and dumps of
 * older versions restore into them.
 */
CREATE SCHEMA redshift_iam_internal;
COMMENT ON SCHEMA redshift_iam_internal IS
  'Internal functions of the extension redshift_iam; not an interface, may change in any release';
GRANT USAGE ON SCHEMA redshift_iam_internal TO PUBLIC;
