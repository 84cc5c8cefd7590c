-- redshift_iam install script, assembled from the files in extension/parts

-- complain if the script is sourced in psql rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION redshift_iam" to load this file. \quit

/*
 * The control file names pg_catalog, so search_path is pg_catalog while this
 * runs; every object below is schema-qualified.  CREATE SCHEMA (not IF NOT
 * EXISTS) fails if anyone created the schema first, so no object can be
 * planted in it.
 */
CREATE SCHEMA redshift_iam;
COMMENT ON SCHEMA redshift_iam IS
  'Amazon Redshift cluster IAM-role catalog, IAM policy checks and command checks';
GRANT USAGE ON SCHEMA redshift_iam TO PUBLIC;
