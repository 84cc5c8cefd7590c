-- Checked against my-second-redshift-cluster (default role SecondRedshiftRole; MyRedshiftRole adding).
COPY sales FROM 's3://my-bucket/a/' IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole' CSV;
COPY sales FROM 's3://my-bucket/b/' IAM_ROLE default CSV;
UNLOAD ('select 1') TO 's3://my-bucket/u/' IAM_ROLE 'arn:aws:iam::123456789012:role/ThirdRedshiftRole';
COPY sales FROM 's3://my-bucket/c/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV;
