-- import_clusters reads the jsonb it is given as a tree built from jsonb
-- directly (not printed and parsed again): every JSON value type reads as
-- the text reader read it, numbers by jansson's own rules, and the
-- allocator it uses for that time is handed back on every path.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(14);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';

CREATE FUNCTION pg_temp.doc(nodes text, extra text DEFAULT '') RETURNS jsonb LANGUAGE sql AS $$
  SELECT format('{"Clusters": [{"ClusterIdentifier": "c1", "NodeType": "ra3.4xlarge", "NumberOfNodes": %s%s,
                 "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/R1", "ApplyStatus": "in-sync"}]}]}',
                nodes, extra)::jsonb
$$;
CREATE FUNCTION pg_temp.read(d jsonb) RETURNS jsonb LANGUAGE sql AS $$
  SELECT redshift_iam_internal._parse_describe_output(d, 50)
$$;

-- numbers: an integer, an exponent jsonb normalises, a real, one too big
SELECT is(pg_temp.read(pg_temp.doc('2')) -> 0 ->> 'number_of_nodes', '2', 'an integer is read as one');
SELECT is(pg_temp.read(pg_temp.doc('1e1')) -> 0 ->> 'number_of_nodes', '10', '1e1 is the integer 10 (jsonb keeps it as 10)');
SELECT throws_ok($$SELECT pg_temp.read(pg_temp.doc('2.0'))$$, '22023',
  'invalid describe-clusters output: Clusters[0].NumberOfNodes: expected an integer, found a fraction',
  '2.0 is a real, as jansson reads it');
SELECT throws_ok($$SELECT pg_temp.read(pg_temp.doc('99999999999999999999'))$$, '22023',
  'invalid describe-clusters output: not valid JSON: too big integer near ''99999999999999999999''',
  'an integer too big for jansson is refused as its parser refused it');
SELECT throws_ok($$SELECT pg_temp.read(pg_temp.doc('true'))$$, '22023',
  'invalid describe-clusters output: Clusters[0].NumberOfNodes: expected an integer, found a boolean',
  'a boolean is a boolean');

-- other shapes: members the reader ignores, null as absent, a scalar document
SELECT is(pg_temp.read(pg_temp.doc('2', ', "Encrypted": false, "Tags": [{"Key": "k", "Value": null}], "AvailabilityZone": null'))
            -> 0 ->> 'region', 'us-east-1', 'ignored members of every type; null counts as absent');
SELECT is(pg_temp.read(pg_temp.doc('2', ', "Deep": ' || repeat('[', 200) || '{"a": 1}' || repeat(']', 200)))
            -> 0 ->> 'identifier', 'c1', 'a member nested 200 deep is read (and ignored)');
SELECT throws_ok($$SELECT pg_temp.read('"Clusters"')$$, '22023',
  'invalid describe-clusters output: (document): expected an object with a Clusters member, found a string',
  'a scalar document is a string');
SELECT throws_ok($$SELECT pg_temp.read('null')$$, '22023',
  'invalid describe-clusters output: (document): expected an object with a Clusters member, found null',
  'a null document');
SELECT is(jsonb_array_length(pg_temp.read('{"Clusters": []}')), 0, 'no clusters');
SELECT is(pg_temp.read(pg_temp.doc('2', ', "DefaultIamRoleArn": "arn:aws:iam::123456789012:role/R1", "ClusterStatus": "availéble"'))
            -> 0 ->> 'status', 'availéble', 'a status with a non-ASCII letter is kept as written');

-- the same document read both ways (the rows and the JSON) agrees
SELECT is((SELECT array_agg(x.cluster_identifier || ':' || array_to_string(x.role_arns, ','))
             FROM redshift_iam_internal._describe_rows(pg_temp.doc('3'), 50) x),
          ARRAY['c1:arn:aws:iam::123456789012:role/R1'], '_describe_rows reads the same document');

-- after a refused document, jansson allocates with its own allocator again
SELECT throws_ok($$SELECT redshift_iam.import_clusters(pg_temp.doc('0'))$$, '22023', NULL, 'a refused import');
SELECT is(redshift_iam.parse_command('COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R1''') -> 'roles' ->> 0,
          'arn:aws:iam::123456789012:role/R1', 'and then the core''s JSON work goes on in the same backend');

SELECT * FROM finish();
ROLLBACK;
