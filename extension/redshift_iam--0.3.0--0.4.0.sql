-- redshift_iam upgrade script 0.3.0 -> 0.4.0.
--
-- Whoever changes an object of extension/parts writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh upgrades from
-- every release and fails on any difference from a fresh install.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.4.0'" to load this file. \quit

-- parse_command and redact run in the leader only: an error raised in a
-- parallel worker is raised again in the leader with the leader's context,
-- which holds the calling statement (and the command as written)
ALTER FUNCTION redshift_iam.parse_command(text) PARALLEL RESTRICTED;
ALTER FUNCTION redshift_iam.redact(text) PARALLEL RESTRICTED;
