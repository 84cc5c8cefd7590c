-- The nightly load of prod-eu (account 111122223333, eu-west-1).
COPY sales FROM 's3://eu-bucket/sales/'
IAM_ROLE 'arn:aws:iam::111122223333:role/Etl'
CSV;

COPY sales FROM 's3://eu-bucket/more/'
IAM_ROLE 'arn:aws:iam::111122223333:role/Loader'
CSV;

UNLOAD ('select * from sales') TO 's3://eu-bucket/out/'
IAM_ROLE default;
