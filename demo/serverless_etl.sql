-- serverless_etl.sql — a job on the Redshift Serverless workgroup etl-wg
-- (namespace analytics of account 111122223333, eu-west-1).
COPY sales FROM 's3://acme-dw-eu/sales/' IAM_ROLE default FORMAT AS PARQUET;
UNLOAD ('SELECT * FROM sales') TO 's3://acme-dw-eu/export/sales_'
  IAM_ROLE 'arn:aws:iam::111122223333:role/ServerlessUnload' PARQUET;
