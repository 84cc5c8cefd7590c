-- Role chains: only the first role must be associated; no spaces; at most 10 roles.
COPY t FROM 's3://b/1' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/A';
COPY t FROM 's3://b/2' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/A,arn:aws:iam::210987654321:role/B';
COPY t FROM 's3://b/3' IAM_ROLE 'arn:aws:iam::210987654321:role/A,arn:aws:iam::123456789012:role/RedshiftCopyUnload';
COPY t FROM 's3://b/4' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload, arn:aws:iam::210987654321:role/A';
COPY t FROM 's3://b/5' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload,arn:aws:iam::210987654321:role/A,arn:aws:iam::210987654321:role/B,arn:aws:iam::210987654321:role/C';
