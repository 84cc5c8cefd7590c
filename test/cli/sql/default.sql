-- IAM_ROLE default: the cluster's DefaultIamRoleArn, or --default-role when the input has none.
COPY t FROM 's3://b/1' IAM_ROLE default CSV;
UNLOAD ('select 1') TO 's3://b/u/' IAM_ROLE DEFAULT;
