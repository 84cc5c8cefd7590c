-- dollar signs, colons and braces that are SQL or data, not placeholders
COPY t FROM 's3://b/x_$folder$/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV;
COPY t FROM 's3://b/logs/$rev/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' DELIMITER '$' CSV;
CREATE FUNCTION f(int) RETURNS int AS $$ SELECT $1::int $$ LANGUAGE sql;
SELECT a[1:2], x::text FROM t WHERE j = '{"a": {"b": 1}}';
COPY t FROM 's3://b/{x}/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' JSON 's3://b/paths.json';
