-- nightly_etl.sql — a sample ETL script, checked by the demo against the
-- seed clusters before it would run on my-redshift-cluster.
BEGIN;

-- 1. load yesterday's sales with the cluster's loading role
COPY sales FROM 's3://acme-dw/sales/2026-11-22/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'
FORMAT AS PARQUET;

-- 2. a role that is associated only with my-second-redshift-cluster
COPY customers FROM 's3://acme-dw/customers/'
IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole'
CSV IGNOREHEADER 1;

INSERT INTO daily_totals SELECT sale_date, sum(amount) FROM sales GROUP BY 1;

-- 3. export through a chain: the first role is the cluster's, the second is in the partner's account
UNLOAD ('SELECT * FROM daily_totals')
TO 's3://partner-bucket/totals/'
IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole,arn:aws:iam::210987654321:role/PartnerWriter'
PARALLEL OFF;

-- 4. an old job step with long-term keys (allowed, with a warning)
COPY audit_log FROM 's3://acme-dw/audit/'
ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

-- 5. a typo'd role name instead of an ARN
UNLOAD ('SELECT 1') TO 's3://acme-dw/ping/' IAM_ROLE 'RedshiftCopyUnload';

-- 6. the cluster has no default IAM role
COPY events FROM 's3://acme-dw/events/' IAM_ROLE default JSON 'auto';

-- 7. Spectrum schema
CREATE EXTERNAL SCHEMA IF NOT EXISTS spectrum
FROM DATA CATALOG DATABASE 'acme_lake'
IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole'
CREATE EXTERNAL DATABASE IF NOT EXISTS;

-- 8. an unterminated string
COPY broken FROM 's3://acme-dw/broken/ IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';

COMMIT;
