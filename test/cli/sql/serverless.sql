-- a nightly job on the Serverless workgroup etl-wg (namespace analytics)
COPY sales FROM 's3://acme-dw/sales/' IAM_ROLE default FORMAT AS PARQUET;
COPY events FROM 's3://acme-dw/events/' IAM_ROLE 'arn:aws:iam::111122223333:role/Etl' FORMAT AS JSON 'auto';
COPY staging FROM 's3://acme-dw/staging/' IAM_ROLE 'arn:aws:iam::111122223333:role/Load' CSV;
UNLOAD ('SELECT * FROM sales') TO 's3://acme-dw/export/sales_' IAM_ROLE 'arn:aws:iam::111122223333:role/Old';
UNLOAD ('SELECT * FROM events') TO 's3://acme-dw/export/events_' IAM_ROLE 'arn:aws:iam::111122223333:role/Legacy';
