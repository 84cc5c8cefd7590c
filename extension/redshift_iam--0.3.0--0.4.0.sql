-- redshift_iam upgrade script 0.3.0 -> 0.4.0.
--
-- Whoever changes an object of extension/parts writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh upgrades from
-- every release and fails on any difference from a fresh install.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.4.0'" to load this file. \quit

-- redact() is fail-closed (passwords too); its description says so
COMMENT ON FUNCTION redshift_iam.redact(text) IS
  'Return the text with secrets replaced by ***, fail-closed: secret access keys, session tokens, master symmetric keys, passwords, and any value or text that may hold one (docs/safety.md, Redaction rules)';
