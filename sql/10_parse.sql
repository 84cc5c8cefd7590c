-- parse_command and redact: results, grammar errors with positions and carets
\set VERBOSITY default
SELECT jsonb_pretty(redshift_iam.parse_command($$copy t from 's3://b/p'
iam_role 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'$$));

SELECT redshift_iam.parse_command($$unload ('select 1') to 's3://x/' iam_role default$$) ->> 'auth_method';

-- CREDENTIALS in CREATE EXTERNAL SCHEMA: 42601 with a caret at the clause
SELECT redshift_iam.parse_command($$create external schema s
from data catalog
database 'db'
credentials 'aws_iam_role=arn:aws:iam::123456789012:role/R'$$);

-- the secret is redacted in the query text shown under the caret
SELECT redshift_iam.parse_command($$copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 'wJalrXUtnFEMI' iam_role default$$);

-- unterminated string and comment: reported where they start
SELECT redshift_iam.parse_command($$copy t from 'x'
  iam_role 'arn:aws:iam::123456789012:role/R$$);
SELECT redshift_iam.parse_command($$copy t from 'x' /* iam_role default$$);

-- a space in a credentials string: the caret is on the space
SELECT redshift_iam.parse_command($$copy t from 'x' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE; aws_secret_access_key=abc'$$);

-- statements of other kinds
SELECT redshift_iam.parse_command('select 1');
SELECT redshift_iam.parse_command('');

-- missing required clauses: the caret is where the clause was expected
-- (just past the last token, or at the ";"), and the message says what
-- was found there
SELECT redshift_iam.parse_command($$create external function f(int) returns int volatile lambda 'f'$$);
SELECT redshift_iam.parse_command($$create external schema s from postgres database 'db' uri 'h' iam_role default$$);
SELECT redshift_iam.parse_command($$copy t
from 's3://b/p'
csv;$$);

-- UNLOAD: KMS_KEY_ID and MASTER_SYMMETRIC_KEY require ENCRYPTED (in any order)
SELECT redshift_iam.parse_command($$unload ('q') to 's3://x/' iam_role default kms_key_id 'k'$$);
SELECT redshift_iam.parse_command($$unload ('q') to 's3://x/' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's' master_symmetric_key 'k'$$);
SELECT redshift_iam.parse_command($$unload ('q') to 's3://x/' encrypted iam_role default kms_key_id 'k'$$) ->> 'kind';

-- a credentials pair without a key name may be a secret: never quoted, and
-- masked as a whole in the query shown under the caret
SELECT redshift_iam.parse_command($$copy t from 's3://x' credentials 'aws_access_key_id=ASIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMIK7MDENG;FQoGZXIvYXdzEJr1234567890abcdefSECRETTOKEN=='$$);
SELECT redshift_iam.parse_command($$copy t from 'x' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;wJalrXUtnFEMI/K7MDENG+bPxRfiCY=EXAMPLEKEY'$$);
SELECT redshift_iam.parse_command($$copy t from 'x' credentials 'aws_iam_role=arn:aws:iam::123456789012:role/R;aws_iam_rol=x'$$);

-- new problems: service-linked role, a session token with a long-term key,
-- an empty role path
SELECT p ->> 'code' AS code, p ->> 'line' AS line, p ->> 'col' AS col, p ->> 'message' AS message
FROM jsonb_array_elements(redshift_iam.parse_command($$copy t from 'x'
  iam_role 'arn:aws:iam::123456789012:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift'$$) -> 'problems') p;
SELECT p ->> 'code' AS code, p ->> 'line' AS line, p ->> 'col' AS col, p ->> 'message' AS message
FROM jsonb_array_elements(redshift_iam.parse_command($$copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's' session_token 't'$$) -> 'problems') p;
SELECT redshift_iam.parse_command($$copy t from 'x' iam_role 'arn:aws:iam::123456789012:role//R'$$) #>> '{problems,0,message}';

-- a quoted DATABASE name: doubled quotes are decoded
SELECT redshift_iam.parse_command($$create external schema s database "My""Db" iam_role default$$) ->> 'location';

-- columns count characters, not bytes
SELECT redshift_iam.parse_command($$copy "tablé" from 'x' iam_role 'arn:aws:iam::123456789012:role/R' iam_role default$$);

SELECT redshift_iam.redact($$copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 'wJalrXUtnFEMI' session_token 'FQoGZXIvYXdz'$$);
SELECT redshift_iam.redact($$copy t from 'x' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI;token=FQoG;master_symmetric_key=abc'$$);
SELECT redshift_iam.redact($$copy t from 'x' credentials 'aws_access_key_id=ASIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI;FQoGZXIvYXdzEJr1234567890==;bogus;tokenx=abc'$$);

-- CREATE MODEL and CREATE LIBRARY: the fields a permission check needs
SELECT redshift_iam.parse_command($$CREATE MODEL m FROM t TARGET c FUNCTION f IAM_ROLE default SETTINGS (S3_BUCKET 'b', KMS_KEY_ID 'k')$$);
SELECT redshift_iam.parse_command($$create or replace library l language plpythonu from 's3://b/l.zip' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI' region as 'us-west-2'$$);
SELECT redshift_iam.parse_command($$create library l language plpythonu from 's3://b/l.zip'$$);
SELECT redshift_iam.parse_command($$create model m from t function f credentials 'aws_iam_role=arn:aws:iam::123456789012:role/R'$$);
SELECT redshift_iam.parse_command($$create external schema s from msk authentication mtls uri 'b:9094' authentication_arn 'arn:aws:acm:us-east-1:123456789012:certificate/c'$$) ->> 'source';
