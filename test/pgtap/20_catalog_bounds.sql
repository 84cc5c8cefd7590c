-- User values echoed in messages are bounded: a 50 MB cluster identifier
-- gives check_command and validate_script a short InvalidParameterValue
-- (22023) before anything else; identifiers, markers and role ARNs are
-- quoted as excerpts cut on a character boundary.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(31);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;

-- the SQLSTATE and message of the error a statement raises
CREATE FUNCTION pg_temp.err(sql text, OUT state text, OUT msg text) LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sql;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
END $$;
CREATE TEMP TABLE big AS SELECT repeat('c', 50000000) AS id, repeat('x', 10000000) AS ten;
CREATE TEMP TABLE script AS
  SELECT string_agg(format('COPY t%s FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R%s'';', i, i), E'\n') AS s
    FROM generate_series(1, 100) AS i;
SELECT redshift_iam.create_cluster('bounded', 'dc2.large');

-- ---- the checks: the identifier first ----
SELECT is((pg_temp.err($$SELECT redshift_iam.validate_script((SELECT id FROM big), (SELECT s FROM script))$$)).state,
          '22023', 'validate_script with a 50 MB identifier: InvalidParameterValue');
SELECT is((pg_temp.err($$SELECT redshift_iam.validate_script((SELECT id FROM big), (SELECT s FROM script))$$)).msg,
          'An error occurred (InvalidParameterValue) when calling the ValidateScript operation: Invalid cluster identifier "'
          || repeat('c', 64) || '...": the identifier is longer than 63 characters.',
          'the message quotes the first 64 characters and an ellipsis');
SELECT is((pg_temp.err($$SELECT redshift_iam.check_command((SELECT id FROM big), 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R''')$$)).state,
          '22023', 'check_command with a 50 MB identifier: InvalidParameterValue');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.check_command((SELECT id FROM big), 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R''')$$)).msg),
          '<', 250, 'with a short message');
SELECT is((pg_temp.err($$SELECT redshift_iam.check_command('Bounded', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R''')$$)).msg,
          'An error occurred (InvalidParameterValue) when calling the CheckCommand operation: Invalid cluster identifier "Bounded": the identifier must start with a lowercase letter.',
          'an identifier with a capital letter is refused');
SELECT is((pg_temp.err($$SELECT redshift_iam.check_command('a--b', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R''')$$)).state,
          '22023', 'an identifier with "--" is refused');
SELECT is((pg_temp.err($$SELECT * FROM redshift_iam.validate_script('a-', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R''')$$)).state,
          '22023', 'an identifier with a trailing hyphen is refused');
SELECT is((pg_temp.err($$SELECT * FROM redshift_iam.validate_script('', 'SELECT 1')$$)).state,
          '22023', 'an empty identifier is refused');
SELECT is((pg_temp.err($$SELECT * FROM redshift_iam.validate_script(repeat('é', 40), 'SELECT 1')$$)).msg,
          'An error occurred (InvalidParameterValue) when calling the ValidateScript operation: Invalid cluster identifier "'
          || repeat('é', 32) || '...": the identifier is longer than 63 characters.',
          'the excerpt is cut on a character boundary (64 bytes of two-byte characters)');
SELECT is((pg_temp.err($$SELECT redshift_iam.check_command('no-such-cluster', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/R''')$$)).state,
          '42704', 'a valid identifier of no cluster is still ClusterNotFound (42704)');
SELECT is((SELECT count(*)::int FROM redshift_iam.validate_script('bounded', (SELECT s FROM script)) WHERE NOT ok), 100,
          'a valid identifier: validate_script checks every statement');

-- a long role fills the fixed-size message: it is cut between characters
SELECT lives_ok($$SELECT length(message) + length(detail) + length(hint)
                    FROM redshift_iam.validate_script('bounded',
                           'COPY t FROM ''s3://b'' IAM_ROLE ''arn:aws:iam::123456789012:role/' || repeat('é', 600) || ''';'
                           || 'COPY t FROM ''s3://b'' IAM_ROLE ''arn:aws:iam::123456789012:role/x' || repeat('é', 600) || '''')$$,
                'validate_script: messages cut on a character boundary, whichever the parity');
SELECT lives_ok($$SELECT length((pg_temp.err($q$SELECT redshift_iam.check_command('bounded',
                           'COPY t FROM ''s3://b'' IAM_ROLE ''arn:aws:iam::123456789012:role/' || repeat('é', 600) || '''')$q$)).msg)
                        + length((pg_temp.err($q$SELECT redshift_iam.check_command('bounded',
                           'COPY t FROM ''s3://b'' IAM_ROLE ''arn:aws:iam::123456789012:role/x' || repeat('é', 600) || '''')$q$)).msg)$$,
                'check_command: the error message too');

-- ---- the management functions ----
SELECT is((pg_temp.err($$SELECT redshift_iam.describe_clusters(marker => (SELECT ten FROM big))$$)).state,
          '22023', 'describe_clusters with a 10 MB marker: InvalidParameterValue');
SELECT is((pg_temp.err($$SELECT redshift_iam.describe_clusters(marker => (SELECT ten FROM big))$$)).msg,
          'An error occurred (InvalidParameterValue) when calling the DescribeClusters operation: Invalid marker: '
          || repeat('x', 128) || '...', 'the message quotes 128 bytes of the marker');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.describe_clusters(marker => (SELECT ten FROM big))$$)).msg),
          '<', 250, 'a bounded message');
SELECT is((pg_temp.err($$SELECT redshift_iam.describe_clusters((SELECT ten FROM big))$$)).msg,
          'An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster ' || repeat('x', 64) || '... not found.',
          'describe_clusters: ClusterNotFound quotes an excerpt');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.modify_cluster_iam_roles((SELECT ten FROM big))$$)).msg),
          '<', 250, 'modify_cluster_iam_roles: a bounded ClusterNotFound');
SELECT is(strpos((pg_temp.err($$SELECT redshift_iam.modify_cluster_iam_roles((SELECT ten FROM big))$$)).msg, repeat('x', 65)),
          0, 'modify_cluster_iam_roles: no more than 64 characters of the identifier');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.delete_cluster((SELECT ten FROM big))$$)).msg),
          '<', 250, 'delete_cluster: a bounded ClusterNotFound');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.apply_pending_changes((SELECT ten FROM big))$$)).msg),
          '<', 250, 'apply_pending_changes: a bounded ClusterNotFound');
SELECT is((pg_temp.err($$SELECT redshift_iam.create_cluster((SELECT id FROM big), 'dc2.large')$$)).state,
          '22023', 'create_cluster with a 50 MB identifier: InvalidParameterValue');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.create_cluster((SELECT id FROM big), 'dc2.large')$$)).msg),
          '<', 250, 'with a bounded message');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.create_cluster('bounded-2', (SELECT ten FROM big))$$)).msg),
          '<', 300, 'a 10 MB node type: a bounded message');
SELECT is((pg_temp.err($$SELECT redshift_iam.modify_cluster_iam_roles('bounded', remove_iam_roles => ARRAY[(SELECT 'arn:aws:iam::123456789012:role/' || ten FROM big)])$$)).state,
          '22023', 'a 10 MB role ARN: InvalidParameterValue');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.modify_cluster_iam_roles('bounded', remove_iam_roles => ARRAY[(SELECT 'arn:aws:iam::123456789012:role/' || ten FROM big)])$$)).msg),
          '<=', 2300, 'the message quotes at most 2048 bytes of the ARN');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.import_clusters(jsonb_build_object('Clusters', jsonb_build_array(jsonb_build_object(
                        'ClusterIdentifier', (SELECT ten FROM big), 'NodeType', 'dc2.large', 'NumberOfNodes', 1))))$$)).msg),
          '<', 700, 'import_clusters: a 10 MB identifier gives a bounded message');

-- an IAM denial quotes the resource as an excerpt
CREATE ROLE rsi_bounds_user;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_bounds_user;
GRANT EXECUTE ON FUNCTION redshift_iam.describe_clusters(text, integer, text) TO rsi_bounds_user;
GRANT SELECT ON big TO rsi_bounds_user;
SELECT redshift_iam.map_principal('rsi_bounds_user', 'arn:aws:iam::123456789012:user/bounds');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/bounds', 'p',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "redshift:*", "Resource": "*"}]}');
SET LOCAL ROLE rsi_bounds_user;
SELECT is((pg_temp.err($$SELECT redshift_iam.describe_clusters((SELECT ten FROM big))$$)).state,
          '42501', 'an explicit deny of describe_clusters for a 10 MB identifier');
SELECT cmp_ok(length((pg_temp.err($$SELECT redshift_iam.describe_clusters((SELECT ten FROM big))$$)).msg),
          '<', 2300, 'the message quotes at most 2048 bytes of the resource');
RESET ROLE;

-- the helper
SELECT is(redshift_iam_internal._excerpt('short', 64), 'short', '_excerpt leaves a short value alone');
SELECT is(redshift_iam_internal._excerpt('ab€d', 4), 'ab...', '_excerpt never cuts a character in half');

SELECT * FROM finish();
ROLLBACK;
