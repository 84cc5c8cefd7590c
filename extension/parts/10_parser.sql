
/* ---- parsing: no catalog access, executable by PUBLIC ---- */

/*
 * PARALLEL RESTRICTED, not SAFE: an error a parallel worker raises is
 * raised again in the leader, which adds its own context (the calling
 * statement, holding the command as written) and logs the statement; in
 * the leader the function's command scope keeps both out.
 */

CREATE FUNCTION redshift_iam.parse_command(command text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'rsi_sql_parse_command'
LANGUAGE C STRICT STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION redshift_iam.parse_command(text) IS
  'Parse one COPY, UNLOAD, CREATE EXTERNAL SCHEMA, CREATE EXTERNAL FUNCTION, CREATE MODEL or CREATE LIBRARY command and return its authorization as jsonb; raises 42601 on grammar errors';

CREATE FUNCTION redshift_iam.redact(command text)
RETURNS text
AS 'MODULE_PATHNAME', 'rsi_sql_redact'
LANGUAGE C STRICT IMMUTABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION redshift_iam.redact(text) IS
  'Return the text with secrets replaced by ***, fail-closed: secret access keys, session tokens, master symmetric keys, passwords, and any value or text that may hold one (docs/safety.md, Redaction rules)';

GRANT EXECUTE ON FUNCTION redshift_iam.parse_command(text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION redshift_iam.redact(text) TO PUBLIC;
