
/* ---- one-line assertions for SQL test suites (pgTAP; docs/pgtap.md) ---- */

/*
 * Both check the script as validate_script does (and log as it does), in C
 * and in a command scope like it: nothing they raise or log carries the
 * calling statement, which holds the script.
 * VOLATILE like validate_script: they read the catalog and the real clock
 * (an association in 'adding' becomes in-sync by the clock) and log.
 * STRICT: a NULL script or cluster gives NULL, which pgTAP's ok() fails.
 */
CREATE FUNCTION redshift_iam.script_may_run(cluster_identifier text, script text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'rsi_sql_script_may_run'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.script_may_run(text, text) IS
  'True when every statement of the script may run on the cluster (no row of validate_script has ok false; warnings and statements of other kinds pass); for pgTAP''s ok()';

CREATE FUNCTION redshift_iam.assert_script(cluster_identifier text, script text)
RETURNS void
AS 'MODULE_PATHNAME', 'rsi_sql_assert_script'
LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION redshift_iam.assert_script(text, text) IS
  'Raise unless every statement of the script may run on the cluster: "N of M statements would be refused; first at line L, column C: <message>", with the first refusal''s SQLSTATE, DETAIL and HINT, and no CONTEXT holding the script; for pgTAP''s lives_ok() and throws_ok()';

GRANT EXECUTE ON FUNCTION redshift_iam.script_may_run(text, text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.assert_script(text, text) TO PUBLIC;
