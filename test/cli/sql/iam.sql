-- Checked with --iam test/cli/fixtures/iam-account.json on my-redshift-cluster.
COPY sales FROM 's3://my-bucket/sales/2024-01-01/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV;

COPY sales FROM 's3://my-bucket/other/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV;

COPY sales FROM 's3://my-bucket/sales/restricted/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV;

COPY sales FROM 's3://other-account-bucket/sales/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/CrossAccountReader' CSV;

COPY sales FROM 's3://other-account-bucket/hr/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/CrossAccountReader' CSV;

COPY sales FROM 's3://my-bucket/sales/'
IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole,arn:aws:iam::210987654321:role/PartnerByAccount' CSV;

COPY sales FROM 's3://my-bucket/sales/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/PickyPartner' CSV;

UNLOAD ('select * from sales') TO 's3://my-bucket/unload/sales_'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' ALLOWOVERWRITE;

UNLOAD ('select * from sales') TO 's3://my-bucket/exports/sales_'
IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole' CLEANPATH;

CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'spectrum_db'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'
CREATE EXTERNAL DATABASE IF NOT EXISTS;

CREATE EXTERNAL FUNCTION f_good(int) RETURNS int VOLATILE LAMBDA 'f_good'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';

COPY sales FROM 's3://my-bucket/sales/'
IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole,arn:aws:iam::123456789012:role/NotExported' CSV;
