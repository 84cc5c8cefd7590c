-- CREATE MODEL, CREATE LIBRARY, CATALOG_ROLE and MSK with mTLS: checked the
-- same way offline and in the database.
CREATE MODEL churn FROM (SELECT a, b, churn FROM activity) TARGET churn FUNCTION predict_churn
  IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole'
  AUTO OFF MODEL_TYPE XGBOOST SETTINGS (S3_BUCKET 'ml-bucket', KMS_KEY_ID 'arn:aws:kms:us-east-1:123456789012:key/k');
CREATE MODEL remote_churn FUNCTION remote_churn (varchar, int) RETURNS int
  SAGEMAKER 'churn-endpoint' IAM_ROLE 'arn:aws:iam::123456789012:role/NotAssociated';
CREATE MODEL by_default FROM t TARGET y FUNCTION f IAM_ROLE default SETTINGS (S3_BUCKET 'b');
CREATE LIBRARY urlparse LANGUAGE plpythonu FROM 's3://lib-bucket/urlparse.zip'
  IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole';
CREATE OR REPLACE LIBRARY urlparse LANGUAGE plpythonu FROM 's3://lib-bucket/urlparse.zip'
  CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/ThirdRedshiftRole' REGION AS 'us-east-1';
CREATE LIBRARY pub LANGUAGE plpythonu FROM 'https://example.com/urlparse.zip';
CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'db'
  IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole'
  CATALOG_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole';
CREATE EXTERNAL SCHEMA spectrum2 FROM DATA CATALOG DATABASE 'db'
  IAM_ROLE 'arn:aws:iam::123456789012:role/SecondRedshiftRole'
  CATALOG_ROLE 'arn:aws:iam::123456789012:role/ThirdRedshiftRole';
CREATE EXTERNAL SCHEMA stream FROM MSK AUTHENTICATION mtls URI 'b-1.c.kafka.us-east-1.amazonaws.com:9094'
  AUTHENTICATION_ARN 'arn:aws:acm:us-east-1:444455556666:certificate/c';
