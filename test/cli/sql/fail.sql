-- Checked against my-redshift-cluster: every COPY/UNLOAD below but one is refused.
COPY sales FROM 's3://my-bucket/a/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV;
COPY sales FROM 's3://my-bucket/b/' IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole' CSV;
COPY sales FROM 's3://my-bucket/c/'
  IAM_ROLE 'arn:aws:iam::123456789012:role/NowhereRole';
UNLOAD ('select 1') TO 's3://my-bucket/u/'
  IAM_ROLE 'arn:aws:iam::210987654321:role/CrossAccountReader,arn:aws:iam::123456789012:role/RedshiftCopyUnload';
COPY sales FROM 's3://my-bucket/d/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload, arn:aws:iam::123456789012:role/SecondRedshiftRole';
COPY sales FROM 's3://my-bucket/e/' IAM_ROLE 'RedshiftCopyUnload';
COPY sales FROM 's3://my-bucket/f/' IAM_ROLE default;
SELECT 1;
COPY sales FROM 's3://my-bucket/g/' IAM_ROLE;
