-- redshift_iam upgrade script 0.3.0 -> 0.4.0.
--
-- Whoever changes an object of extension/parts writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh upgrades from
-- every release and fails on any difference from a fresh install.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.4.0'" to load this file. \quit

-- Both read the setting redshift_iam.region: STABLE, not IMMUTABLE, so that a
-- cached plan does not keep the answer for the region it was planned under.
ALTER FUNCTION redshift_iam._check_role_arn(text, text, text) STABLE;
ALTER FUNCTION redshift_iam._parse_describe_output(jsonb, text, integer) STABLE;
