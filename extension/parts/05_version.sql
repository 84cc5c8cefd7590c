
/* ---- the version of the loaded library ---- */

/*
 * The control file's default_version when the library was built.  Not
 * IMMUTABLE: a new library (after make install or a package upgrade) gives
 * another answer in a new session, and nothing may fold the old one into a
 * stored plan or expression.  Compare it with pg_extension.extversion to see
 * a library that does not match the installed SQL objects.
 */
CREATE FUNCTION redshift_iam.redshift_iam_version()
RETURNS text
AS 'MODULE_PATHNAME', 'rsi_sql_version'
LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam.redshift_iam_version() IS
  'The version of the loaded redshift_iam library (the control file''s default_version it was built from); compare with pg_extension.extversion, the version of the installed SQL objects';
GRANT EXECUTE ON FUNCTION redshift_iam.redshift_iam_version() TO PUBLIC;
