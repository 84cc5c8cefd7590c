-- A nightly load that may run on my-redshift-cluster (the seed scenario).
CREATE TABLE IF NOT EXISTS sales (id int, amount decimal(10,2), note varchar(100));

COPY sales
FROM 's3://my-bucket/sales/2024-01-01/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'
FORMAT AS CSV;

/* a ';' inside a string or a comment does not end a statement; */
INSERT INTO sales VALUES (1, 2.50, 'semi;colon'), (2, 3.00, $$dollar;quoted$$);

unload ('select * from sales where note = ''a;b''')
to 's3://my-bucket/unload/sales_'
iam_role 'arn:aws:iam::123456789012:role/SecondRedshiftRole'
parallel off;

-- only the first role of a chain must be associated with the cluster
COPY sales FROM 's3://other-account-bucket/sales/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/CrossAccountReader'
CSV;

COPY sales FROM 's3://my-bucket/legacy/'
CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/SecondRedshiftRole'
CSV;

CREATE EXTERNAL SCHEMA spectrum_schema
FROM DATA CATALOG DATABASE 'spectrum_db'
IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole'
CREATE EXTERNAL DATABASE IF NOT EXISTS;

CREATE OR REPLACE EXTERNAL FUNCTION exfunc_sum(int, int)
RETURNS int
STABLE
LAMBDA 'lambda_sum'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';

SELECT count(*) FROM sales;
