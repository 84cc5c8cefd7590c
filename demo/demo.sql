-- demo.sql — what redshift_iam does, on a throwaway database.
\pset pager off
CREATE EXTENSION redshift_iam;
\echo
\echo '== 1. Parse real Redshift commands and extract their authorization'
SELECT jsonb_pretty(redshift_iam.parse_command($$
  COPY sales FROM 's3://mybucket/sales/'
  IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole,arn:aws:iam::210987654321:role/CrossAccountRole'
  FORMAT AS PARQUET$$)) AS copy_with_a_chain;
SELECT redshift_iam.parse_command($$unload ('select * from venue') to 's3://mybucket/unload/' iam_role default$$)
       ->> 'auth_method' AS unload_auth;
\echo
\echo '== 2. A chain written with a space parses, with a problem that a check will refuse'
SELECT p->>'code' AS code, p->>'message' AS message
FROM jsonb_array_elements(redshift_iam.parse_command(
  $$copy t from 's3://b/' iam_role 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'$$)
  -> 'problems') p;
\echo
\echo '== 3. A grammar error points at the line and column (secrets redacted)'
SELECT redshift_iam.parse_command($$create external schema spectrum
from data catalog
database 'dev'
credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI'$$);
\echo
\echo '== 4. Redaction for logs'
SELECT redshift_iam.redact($$copy t from 's3://b/' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 'wJalrXUtnFEMI/K7MDENG'$$);
