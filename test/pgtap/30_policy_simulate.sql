-- simulate_custom_policy and simulate_principal_policy: every
-- condition operator and missing-key rule, the PassRole and ARN-matching vectors,
-- explicit deny over a wildcard allow, matched_statements and
-- missing_context_values, context_entries forms, errors, and PUBLIC access.
-- The core's unit tests (test/unit/test_policy.c) go deeper; this file
-- proves the SQL path gives the same answers.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(135);

-- the decision of one Allow statement with this Condition, on s3:GetObject
CREATE FUNCTION pg_temp.decide(cond text, ctx text, version text DEFAULT '2012-10-17') RETURNS text
LANGUAGE sql AS $$
  SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
    ARRAY[jsonb_build_object('Version', version, 'Statement', jsonb_build_array(jsonb_build_object(
      'Effect', 'Allow', 'Action', 's3:GetObject', 'Resource', '*', 'Condition', cond::jsonb)))],
    ARRAY['s3:GetObject'], ARRAY['*'], ctx::jsonb)
$$;
CREATE FUNCTION pg_temp.missing(cond text, ctx text) RETURNS text[]
LANGUAGE sql AS $$
  SELECT missing_context_values FROM redshift_iam.simulate_custom_policy(
    ARRAY[jsonb_build_object('Version', '2012-10-17', 'Statement', jsonb_build_array(jsonb_build_object(
      'Effect', 'Allow', 'Action', 's3:GetObject', 'Resource', '*', 'Condition', cond::jsonb)))],
    ARRAY['s3:GetObject'], ARRAY['*'], ctx::jsonb)
$$;

-- ---- every operator ----
SELECT is(pg_temp.decide(c, x), want, op || ': ' || d)
  FROM (VALUES
  ('StringEquals', '{"StringEquals": {"k": "abc"}}', '{"k": "abc"}', 'allowed', 'equal'),
  ('StringEquals', '{"StringEquals": {"k": "abc"}}', '{"k": "ABC"}', 'implicitDeny', 'case-sensitive'),
  ('StringEquals', '{"StringEquals": {"k": ["x", "abc"]}}', '{"k": "abc"}', 'allowed', 'values of one key are ORed'),
  ('StringEquals', '{"StringEquals": {"a": "1", "b": "2"}}', '{"a": "1", "b": "2"}', 'allowed', 'keys are ANDed, both hold'),
  ('StringEquals', '{"StringEquals": {"a": "1", "b": "2"}}', '{"a": "1", "b": "3"}', 'implicitDeny', 'keys are ANDed, one fails'),
  ('StringEquals', '{"StringEquals": {"a": "1"}, "StringLike": {"b": "x*"}}', '{"a": "1", "b": "y"}', 'implicitDeny', 'operators are ANDed'),
  ('StringEquals', '{"StringEquals": {"AWS:UserName": "bob"}}', '{"aws:username": "bob"}', 'allowed', 'key names are case-insensitive'),
  ('StringNotEquals', '{"StringNotEquals": {"k": "abc"}}', '{"k": "abd"}', 'allowed', 'different'),
  ('StringNotEquals', '{"StringNotEquals": {"k": "abc"}}', '{"k": "abc"}', 'implicitDeny', 'equal'),
  ('StringNotEquals', '{"StringNotEquals": {"k": ["x", "y"]}}', '{"k": "y"}', 'implicitDeny', 'must match none of the values'),
  ('StringEqualsIgnoreCase', '{"StringEqualsIgnoreCase": {"k": "abc"}}', '{"k": "AbC"}', 'allowed', 'any case'),
  ('StringNotEqualsIgnoreCase', '{"StringNotEqualsIgnoreCase": {"k": "abc"}}', '{"k": "ABC"}', 'implicitDeny', 'any case'),
  ('StringLike', '{"StringLike": {"k": "a*c?"}}', '{"k": "abbcd"}', 'allowed', '* and ?'),
  ('StringLike', '{"StringLike": {"k": "a*c?"}}', '{"k": "ac"}', 'implicitDeny', '? needs one character'),
  ('StringLike', '{"StringLike": {"k": "A*"}}', '{"k": "abc"}', 'implicitDeny', 'case-sensitive'),
  ('StringNotLike', '{"StringNotLike": {"k": "a*"}}', '{"k": "bcd"}', 'allowed', 'no match'),
  ('StringNotLike', '{"StringNotLike": {"k": "a*"}}', '{"k": "abc"}', 'implicitDeny', 'match'),
  ('ArnEquals', '{"ArnEquals": {"k": "arn:aws:iam::123456789012:role/R"}}', '{"k": "arn:aws:iam::123456789012:role/R"}', 'allowed', 'equal'),
  ('ArnEquals', '{"ArnEquals": {"k": "arn:aws:iam::*:role/*"}}', '{"k": "arn:aws:iam::123456789012:role/R"}', 'allowed', 'globs like ArnLike'),
  ('ArnLike', '{"ArnLike": {"k": "arn:aws:iam::*:role/*"}}', '{"k": "arn:aws:iam::123456789012:role/a/b"}', 'allowed', 'per segment, last part may hold slashes'),
  ('ArnLike', '{"ArnLike": {"k": "arn:aws:iam::*:role/*"}}', '{"k": "arn:aws:iam::123456789012:user/R"}', 'implicitDeny', 'no match'),
  ('ArnLike', '{"ArnLike": {"k": "arn:aws:redshift:*"}}', '{"k": "arn:aws:redshift:us-west-2:123456789012:cluster:x"}', 'implicitDeny', '* does not cross colons'),
  ('ArnLike', '{"ArnLike": {"k": "arn:aws:iam::*:role/R"}}', '{"k": "arn:aws:iam::123456789012:role/r"}', 'implicitDeny', 'case-sensitive'),
  ('StringLike', '{"StringLike": {"k": "arn:aws:redshift:*"}}', '{"k": "arn:aws:redshift:us-west-2:123456789012:cluster:x"}', 'allowed', 'the same pattern matches under StringLike'),
  ('ArnNotEquals', '{"ArnNotEquals": {"k": "arn:aws:iam::*:role/R"}}', '{"k": "arn:aws:iam::123456789012:role/S"}', 'allowed', 'different'),
  ('ArnNotLike', '{"ArnNotLike": {"k": "arn:aws:iam::*:role/*"}}', '{"k": "arn:aws:iam::123456789012:role/S"}', 'implicitDeny', 'match'),
  ('ArnNotLike', '{"ArnNotLike": {"k": "arn:aws:iam::*:role/*"}}', '{"k": "not-an-arn"}', 'allowed', 'a value that is not an ARN matches nothing'),
  ('NumericEquals', '{"NumericEquals": {"k": "10"}}', '{"k": "10.0"}', 'allowed', 'compares numbers'),
  ('NumericEquals', '{"NumericEquals": {"k": 10}}', '{"k": 10}', 'allowed', 'JSON numbers on both sides'),
  ('NumericEquals', '{"NumericEquals": {"k": "10"}}', '{"k": "ten"}', 'implicitDeny', 'a value that is not a number matches nothing'),
  ('NumericNotEquals', '{"NumericNotEquals": {"k": "10"}}', '{"k": "11"}', 'allowed', 'different'),
  ('NumericLessThan', '{"NumericLessThan": {"k": "10"}}', '{"k": "9"}', 'allowed', 'less'),
  ('NumericLessThan', '{"NumericLessThan": {"k": "10"}}', '{"k": "10"}', 'implicitDeny', 'equal is not less'),
  ('NumericLessThanEquals', '{"NumericLessThanEquals": {"k": "10"}}', '{"k": "10"}', 'allowed', 'equal'),
  ('NumericGreaterThan', '{"NumericGreaterThan": {"k": "10"}}', '{"k": "10.5"}', 'allowed', 'greater'),
  ('NumericGreaterThanEquals', '{"NumericGreaterThanEquals": {"k": "10"}}', '{"k": "9"}', 'implicitDeny', 'less'),
  ('DateEquals', '{"DateEquals": {"k": "2020-01-01T00:00:00Z"}}', '{"k": "1577836800"}', 'allowed', 'ISO 8601 and epoch seconds'),
  ('DateNotEquals', '{"DateNotEquals": {"k": "2020-01-01T00:00:00Z"}}', '{"k": "2020-01-01T00:00:01Z"}', 'allowed', 'different'),
  ('DateLessThan', '{"DateLessThan": {"k": "2020-01-01T00:00:00Z"}}', '{"k": "2019-12-31T23:59:59Z"}', 'allowed', 'before'),
  ('DateLessThanEquals', '{"DateLessThanEquals": {"k": "2020-01-01"}}', '{"k": "2020-01-01T00:00:00+00:00"}', 'allowed', 'equal, other spellings'),
  ('DateGreaterThan', '{"DateGreaterThan": {"k": "2020-01-01T00:00:00Z"}}', '{"k": "2020-01-01T01:00:00+02:00"}', 'implicitDeny', 'zones count'),
  ('DateGreaterThanEquals', '{"DateGreaterThanEquals": {"k": "2020-01-01T00:00:00Z"}}', '{"k": "2024-05-01T12:00:00Z"}', 'allowed', 'after'),
  ('Bool', '{"Bool": {"aws:SecureTransport": "true"}}', '{"aws:SecureTransport": "true"}', 'allowed', 'true'),
  ('Bool', '{"Bool": {"aws:SecureTransport": true}}', '{"aws:SecureTransport": true}', 'allowed', 'JSON booleans'),
  ('Bool', '{"Bool": {"aws:SecureTransport": "true"}}', '{"aws:SecureTransport": "false"}', 'implicitDeny', 'false'),
  ('BinaryEquals', '{"BinaryEquals": {"k": "QmluYXJ5VmFsdWU="}}', '{"k": "QmluYXJ5VmFsdWU="}', 'allowed', 'base64 text'),
  ('BinaryEquals', '{"BinaryEquals": {"k": "QmluYXJ5VmFsdWU="}}', '{"k": "QmluYXJ5"}', 'implicitDeny', 'different'),
  ('IpAddress', '{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}', '{"aws:SourceIp": "203.0.113.7"}', 'allowed', 'in the range'),
  ('IpAddress', '{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}', '{"aws:SourceIp": "198.51.100.1"}', 'implicitDeny', 'outside'),
  ('IpAddress', '{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}', '{"aws:SourceIp": "2001:db8::1"}', 'allowed', 'IPv6'),
  ('NotIpAddress', '{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}', '{"aws:SourceIp": "198.51.100.1"}', 'allowed', 'outside'),
  ('Null', '{"Null": {"k": "true"}}', '{}', 'allowed', 'true: the key is absent'),
  ('Null', '{"Null": {"k": "true"}}', '{"k": "x"}', 'implicitDeny', 'true: present'),
  ('Null', '{"Null": {"k": "false"}}', '{"k": "x"}', 'allowed', 'false: the key is present'),
  ('Null', '{"Null": {"k": false}}', '{}', 'implicitDeny', 'false: absent'),
  ('Null', '{"Null": {"k": "true"}}', '{"k": []}', 'allowed', 'an empty value list counts as absent')
  ) AS t(op, c, x, want, d);

-- ---- a key missing from the context ----
SELECT is(pg_temp.decide(c, '{}'), want, c || ' with the key missing: ' || want)
  FROM (VALUES
  ('{"StringEquals": {"k": "a"}}', 'implicitDeny'),
  ('{"StringLike": {"k": "*"}}', 'implicitDeny'),
  ('{"ArnLike": {"k": "*"}}', 'implicitDeny'),
  ('{"NumericLessThan": {"k": "5"}}', 'implicitDeny'),
  ('{"DateGreaterThan": {"k": "2020-01-01"}}', 'implicitDeny'),
  ('{"Bool": {"k": "false"}}', 'implicitDeny'),
  ('{"IpAddress": {"k": "0.0.0.0/0"}}', 'implicitDeny'),
  ('{"BinaryEquals": {"k": "QQ=="}}', 'implicitDeny'),
  ('{"StringNotEquals": {"k": "a"}}', 'allowed'),
  ('{"StringNotEqualsIgnoreCase": {"k": "a"}}', 'allowed'),
  ('{"StringNotLike": {"k": "a*"}}', 'allowed'),
  ('{"ArnNotEquals": {"k": "arn:aws:iam::*:role/*"}}', 'allowed'),
  ('{"ArnNotLike": {"k": "arn:aws:iam::*:role/*"}}', 'allowed'),
  ('{"NumericNotEquals": {"k": "5"}}', 'allowed'),
  ('{"DateNotEquals": {"k": "2020-01-01"}}', 'allowed'),
  ('{"NotIpAddress": {"k": "10.0.0.0/8"}}', 'allowed'),
  ('{"StringEqualsIfExists": {"k": "a"}}', 'allowed'),
  ('{"ArnLikeIfExists": {"k": "arn:aws:iam::*:role/*"}}', 'allowed'),
  ('{"NumericLessThanIfExists": {"k": "5"}}', 'allowed'),
  ('{"DateLessThanIfExists": {"k": "2020-01-01"}}', 'allowed'),
  ('{"BoolIfExists": {"k": "true"}}', 'allowed'),
  ('{"IpAddressIfExists": {"k": "10.0.0.0/8"}}', 'allowed'),
  ('{"BinaryEqualsIfExists": {"k": "QQ=="}}', 'allowed'),
  ('{"ForAnyValue:StringEquals": {"k": ["a", "b"]}}', 'implicitDeny'),
  ('{"ForAnyValue:StringEqualsIfExists": {"k": ["a", "b"]}}', 'allowed'),
  ('{"ForAllValues:StringEquals": {"k": ["a", "b"]}}', 'allowed')
  ) AS t(c, want);
SELECT is(pg_temp.decide('{"StringEqualsIfExists": {"k": "a"}}', '{"k": "b"}'), 'implicitDeny',
          '...IfExists still compares a present key');

-- ---- set operators on multi-valued keys ----
SELECT is(pg_temp.decide(c, x), want, c || ' ' || x || ': ' || want)
  FROM (VALUES
  ('{"ForAnyValue:StringEquals": {"k": ["a", "b"]}}', '{"k": ["c", "b"]}', 'allowed'),
  ('{"ForAnyValue:StringEquals": {"k": ["a", "b"]}}', '{"k": ["c", "d"]}', 'implicitDeny'),
  ('{"ForAllValues:StringEquals": {"k": ["a", "b"]}}', '{"k": ["a", "b"]}', 'allowed'),
  ('{"ForAllValues:StringEquals": {"k": ["a", "b"]}}', '{"k": ["a", "c"]}', 'implicitDeny'),
  ('{"ForAllValues:StringEquals": {"k": ["a", "b"]}}', '{"k": []}', 'allowed'),
  ('{"ForAllValues:StringLike": {"k": ["a*"]}}', '{"k": ["ab", "ac"]}', 'allowed'),
  ('{"ForAnyValue:StringEquals": {"k": [""]}}', '{"k": [""]}', 'allowed'),
  ('{"StringEquals": {"k": "a"}}', '{"k": ["b", "a"]}', 'allowed'),
  ('{"StringNotEquals": {"k": "a"}}', '{"k": ["b", "a"]}', 'implicitDeny'),
  ('{"ForAnyValue:NumericLessThan": {"k": "5"}}', '{"k": [7, 3]}', 'allowed')
  ) AS t(c, x, want);

-- ---- policy variables ----
SELECT is(pg_temp.decide('{"StringEquals": {"k": "${aws:username}"}}', '{"k": "bob", "aws:username": "bob"}'), 'allowed',
          '${aws:username} is substituted under 2012-10-17');
SELECT is(pg_temp.decide('{"StringEquals": {"k": "${aws:username}"}}', '{"k": "bob", "aws:username": "bob"}', '2008-10-17'), 'implicitDeny',
          'and is literal text under 2008-10-17');
SELECT is(pg_temp.decide('{"StringEquals": {"k": "${aws:username, ''nobody''}"}}', '{"k": "nobody"}'), 'allowed',
          'a default value stands in for a missing key');
SELECT is(pg_temp.missing('{"StringEquals": {"k": "${aws:username}"}}', '{"k": "bob"}'), '{aws:username}',
          'a variable with no value is a missing context value');

-- ---- missing_context_values ----
SELECT is(pg_temp.missing('{"StringEquals": {"a": "1", "b": "2"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}', '{"a": "1"}'),
          '{aws:SourceIp,b}', 'every key whose absence made a condition false, once, in the order jsonb keeps the document');
SELECT is(pg_temp.missing('{"StringNotEquals": {"a": "1"}, "Null": {"b": "false"}, "StringEqualsIfExists": {"c": "x"}}', '{}'),
          '{}', 'not for negated, Null or IfExists operators');
SELECT is((SELECT missing_context_values FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
                     "Condition": {"StringEquals": {"iam:PassedToService": "redshift.amazonaws.com"}}}}'::jsonb],
             ARRAY['iam:PassRole'])),
          '{iam:PassedToService}', 'PassRole without its context: iam:PassedToService is reported');
SELECT is((SELECT missing_context_values FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/X",
                     "Condition": {"StringEquals": {"iam:PassedToService": "redshift.amazonaws.com"}}}}'::jsonb],
             ARRAY['iam:PassRole'], ARRAY['arn:aws:iam::123456789012:role/Y'])),
          '{}', 'a statement whose resource does not match reports nothing');

-- ---- PassRole, explicit deny and ARN-matching vectors ----
CREATE TEMP TABLE f150 AS SELECT
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/*",
    "Condition": {"StringEquals": {"iam:PassedToService": "redshift.amazonaws.com"}}}]}'::jsonb AS pass_redshift,
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/*",
    "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}]}'::jsonb AS pass_sagemaker,
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'::jsonb AS allow_all,
  '{"Version": "2012-10-17", "Statement": [{"Sid": "DenyProduction", "Effect": "Deny", "Action": "redshift:ModifyClusterIamRoles",
    "Resource": "arn:aws:redshift:us-west-2:123456789012:cluster:production*"}]}'::jsonb AS deny_production;
GRANT SELECT ON f150 TO PUBLIC;
SELECT is((SELECT eval_decision FROM f150, redshift_iam.simulate_custom_policy(ARRAY[pass_redshift], ARRAY['iam:PassRole'],
             ARRAY['arn:aws:iam::123456789012:role/R'],
             '{"iam:PassedToService": "redshift.amazonaws.com", "iam:AssociatedResourceArn": "arn:aws:redshift:us-east-1:123456789012:cluster:c"}')),
          'allowed', 'PassRole with PassedToService redshift.amazonaws.com allows association');
SELECT is((SELECT eval_decision FROM f150, redshift_iam.simulate_custom_policy(ARRAY[pass_sagemaker], ARRAY['iam:PassRole'],
             ARRAY['arn:aws:iam::123456789012:role/R'], '{"iam:PassedToService": "redshift.amazonaws.com"}')),
          'implicitDeny', 'the same policy for sagemaker.amazonaws.com gives implicitDeny');
SELECT results_eq(
  $$SELECT eval_resource_name, eval_decision, matched_statements
      FROM f150, redshift_iam.simulate_custom_policy(ARRAY[allow_all, deny_production], ARRAY['redshift:ModifyClusterIamRoles'],
             ARRAY['arn:aws:redshift:us-west-2:123456789012:cluster:production-1', 'arn:aws:redshift:us-west-2:123456789012:cluster:staging-1'])$$,
  $$VALUES ('arn:aws:redshift:us-west-2:123456789012:cluster:production-1', 'explicitDeny',
            '[{"SourcePolicyId": "PolicyInputList.2", "SourcePolicyType": "IAM Policy", "StatementIndex": 0, "Sid": "DenyProduction", "Effect": "Deny"}]'::jsonb),
           ('arn:aws:redshift:us-west-2:123456789012:cluster:staging-1', 'allowed',
            '[{"SourcePolicyId": "PolicyInputList.1", "SourcePolicyType": "IAM Policy", "StatementIndex": 0, "Effect": "Allow"}]'::jsonb)$$,
  'explicit Deny on production* beats Allow *; matched_statements lists the deciding statements');
SELECT results_eq(
  $$SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
      ARRAY['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "redshift:*", "Resource": "arn:aws:redshift:us-west-2:*"},
                                                       {"Effect": "Deny", "Action": "redshift:Delete*", "Resource": "*"}]}'::jsonb],
      ARRAY['redshift:CreateCluster', 'redshift:DeleteCluster'],
      ARRAY['arn:aws:redshift:us-west-2:123456789012:cluster:c', 'arn:aws:redshift:us-east-1:123456789012:cluster:c'])$$,
  $$VALUES ('allowed'), ('implicitDeny'), ('explicitDeny'), ('explicitDeny')$$,
  '* crosses colons in Resource; Delete* denied; rows are action-major');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/a+b"}}'::jsonb],
             ARRAY['iam:PassRole'], ARRAY['arn:aws:iam::123456789012:role/aab'])),
          'implicitDeny', 'role/a+b does not match role/aab');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/a+b"}}'::jsonb],
             ARRAY['iam:PassRole'], ARRAY['arn:aws:iam::123456789012:role/a+b'])),
          'allowed', '  but matches itself');
SELECT results_eq(
  $$SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
      ARRAY['{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
              "Condition": {"ArnLike": {"iam:AssociatedResourceArn": "arn:aws:redshift:*:*:cluster:my-*"}}}}'::jsonb,
            '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
              "Condition": {"StringLike": {"iam:AssociatedResourceArn": "arn:aws:redshift:*"}}}}'::jsonb],
      ARRAY['iam:PassRole'], ARRAY['*'],
      '{"iam:AssociatedResourceArn": "arn:aws:redshift:us-east-1:123456789012:cluster:my-redshift-cluster"}')$$,
  $$VALUES ('allowed')$$,
  'ArnLike per segment and StringLike across colons both allow');

-- ---- actions, resources, NotAction, NotResource ----
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Statement": {"Effect": "Allow", "Action": "REDSHIFT:describe*", "Resource": "*"}}'::jsonb],
             ARRAY['redshift:DescribeClusters'])), 'allowed', 'actions match case-insensitively');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Statement": {"Effect": "Allow", "Action": "redshift:*", "Resource": "arn:aws:redshift:us-east-1:123456789012:cluster:Prod"}}'::jsonb],
             ARRAY['redshift:DescribeClusters'], ARRAY['arn:aws:redshift:us-east-1:123456789012:cluster:prod'])),
          'implicitDeny', 'resources match case-sensitively');
SELECT results_eq(
  $$SELECT eval_action_name, eval_decision FROM redshift_iam.simulate_custom_policy(
      ARRAY['{"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}'::jsonb],
      ARRAY['redshift:CreateCluster', 'iam:PassRole'])$$,
  $$VALUES ('redshift:CreateCluster', 'allowed'), ('iam:PassRole', 'implicitDeny')$$,
  'NotAction');
SELECT results_eq(
  $$SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
      ARRAY['{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                           {"Effect": "Deny", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::*:role/redshift/*"}]}'::jsonb],
      ARRAY['iam:PassRole'], ARRAY['arn:aws:iam::123456789012:role/redshift/R', 'arn:aws:iam::123456789012:role/Admin'])$$,
  $$VALUES ('allowed'), ('explicitDeny')$$,
  'NotResource in a Deny: every role outside the path is denied');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_custom_policy('{}', ARRAY['iam:PassRole'])),
          'implicitDeny', 'no policies: implicitDeny');

-- ---- arguments ----
SELECT results_eq(
  $$SELECT eval_resource_name FROM redshift_iam.simulate_custom_policy(
      ARRAY['{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'::jsonb], ARRAY['s3:GetObject'])$$,
  $$VALUES ('*')$$, 'resource_arns defaults to {*}');
SELECT results_eq(
  $$SELECT eval_resource_name FROM redshift_iam.simulate_custom_policy(
      ARRAY['{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'::jsonb], ARRAY['s3:GetObject'], '{}')$$,
  $$VALUES ('*')$$, 'an empty resource_arns means {*} too');
SELECT is((SELECT count(*)::int FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'::jsonb], '{}')),
          0, 'no actions, no rows');
SELECT is(pg_temp.decide('{"StringEquals": {"k": "true"}, "NumericEquals": {"n": "3"}}', '{"k": true, "n": 3}'), 'allowed',
          'context values may be JSON numbers and booleans');
SELECT throws_ok($$SELECT * FROM redshift_iam.simulate_custom_policy('{}', ARRAY['s3:GetObject'], '{*}', '{"k": {"a": 1}}')$$,
  '22023', 'An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: the value of context key k must be a string or an array of strings.',
  'a nested object in context_entries is refused');
SELECT throws_ok($$SELECT * FROM redshift_iam.simulate_custom_policy('{}', ARRAY['s3:GetObject'], '{*}', '["k"]')$$,
  '22023', NULL, 'context_entries must be an object');
SELECT throws_ok($$SELECT * FROM redshift_iam.simulate_custom_policy('{}', ARRAY['s3:GetObject'], '{*}', '{"k": [["a"]]}')$$,
  '22023', NULL, 'nested arrays are refused');
SELECT throws_ok($$SELECT * FROM redshift_iam.simulate_custom_policy('{}', ARRAY['s3:GetObject', NULL])$$,
  '22023', 'An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: action_names[2] is null.',
  'a NULL action is refused');
SELECT throws_ok($$SELECT * FROM redshift_iam.simulate_custom_policy(
                     ARRAY['{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'::jsonb,
                           '{"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}'::jsonb], ARRAY['s3:GetObject'])$$,
  '22023', 'An error occurred (MalformedPolicyDocument) when calling the SimulateCustomPolicy operation: PolicyInputList.2: Statement[0].Effect: Effect must be exactly "Allow" or "Deny", found "allow"',
  'a malformed input policy is named by its position');
SELECT throws_ok($$SELECT * FROM redshift_iam.simulate_custom_policy(ARRAY[NULL::jsonb], ARRAY['s3:GetObject'])$$,
  '22023', NULL, 'a NULL input policy is refused');

-- ---- simulate_principal_policy ----
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/sim', 'b-deny',
  '{"Version": "2012-10-17", "Statement": {"Sid": "NoProd", "Effect": "Deny", "Action": "redshift:*", "Resource": "arn:aws:redshift:*:*:cluster:prod*"}}');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/sim', 'a-allow',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "redshift:*", "Resource": "*"},
     {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "redshift.amazonaws.com"}}}]}');
CREATE ROLE rsi_pol_sim_public;
-- a user who is not a superuser simulates the principal its role is mapped to
SELECT redshift_iam.map_principal('rsi_pol_sim_public', 'arn:aws:iam::123456789012:user/sim');
SET LOCAL ROLE rsi_pol_sim_public;
SELECT results_eq(
  $$SELECT eval_action_name, eval_resource_name, eval_decision, matched_statements, missing_context_values
      FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/sim',
             ARRAY['redshift:CreateCluster', 'iam:PassRole'],
             ARRAY['arn:aws:redshift:us-east-1:123456789012:cluster:prod-1', 'arn:aws:iam::123456789012:role/R'])$$,
  $$VALUES
    ('redshift:CreateCluster', 'arn:aws:redshift:us-east-1:123456789012:cluster:prod-1', 'explicitDeny',
     '[{"SourcePolicyId": "b-deny", "SourcePolicyType": "user", "StatementIndex": 0, "Sid": "NoProd", "Effect": "Deny"}]'::jsonb, '{}'::text[]),
    ('redshift:CreateCluster', 'arn:aws:iam::123456789012:role/R', 'allowed',
     '[{"SourcePolicyId": "a-allow", "SourcePolicyType": "user", "StatementIndex": 0, "Effect": "Allow"}]'::jsonb, '{}'::text[]),
    ('iam:PassRole', 'arn:aws:redshift:us-east-1:123456789012:cluster:prod-1', 'implicitDeny', '[]'::jsonb, '{iam:PassedToService}'::text[]),
    ('iam:PassRole', 'arn:aws:iam::123456789012:role/R', 'implicitDeny', '[]'::jsonb, '{iam:PassedToService}'::text[])$$,
  'simulate_principal_policy: every policy of the principal, for a role mapped to it');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/sim',
             ARRAY['iam:PassRole'], ARRAY['arn:aws:iam::123456789012:role/R'],
             '{"iam:PassedToService": ["redshift.amazonaws.com"]}')),
          'allowed', 'with the context the management functions give PassRole');
SELECT throws_ok($$SELECT * FROM redshift_iam.simulate_principal_policy('sim', ARRAY['s3:GetObject'])$$,
  '22023', 'An error occurred (InvalidInput) when calling the SimulatePrincipalPolicy operation: sim is not a valid IAM principal ARN: an IAM principal ARN starts with "arn:"',
  'a principal must be an ARN');
SELECT throws_ok($$SELECT * FROM redshift_iam.catalog_principal_policies$$, '42501', NULL,
                 'the tables stay closed to PUBLIC');
SELECT is((SELECT count(*)::int FROM redshift_iam.principal_policies WHERE principal_arn = 'arn:aws:iam::123456789012:user/sim'),
          2, 'the view shows the role''s own principal''s policies');
RESET ROLE;
SELECT throws_ok($$SELECT * FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/nobody', ARRAY['s3:GetObject'])$$,
  '42704', 'An error occurred (NoSuchEntity) when calling the SimulatePrincipalPolicy operation: The user with name nobody cannot be found.',
  'a principal with no policy and no mapping is NoSuchEntity');

SELECT redshift_iam.map_principal('rsi_pol_sim_public', 'arn:aws:iam::123456789012:role/Mapped');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:role/Mapped',
             ARRAY['s3:GetObject'])), 'implicitDeny', 'a mapped principal with no policy is known: implicitDeny');

-- compiled documents are remembered per backend by their exact bytes: a
-- document seen again gives the same answer, a changed one a new answer,
-- and more documents than the memo holds still give right answers
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}'::jsonb],
             ARRAY['s3:GetObject'])), 'allowed', 'memo: a document allows');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}'::jsonb],
             ARRAY['s3:GetObject'])), 'allowed', 'memo: the same document again gives the same answer');
SELECT is((SELECT eval_decision FROM redshift_iam.simulate_custom_policy(
             ARRAY['{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}}'::jsonb],
             ARRAY['s3:GetObject'])), 'explicitDeny', 'memo: a changed document gives the new answer');
SELECT is((SELECT count(*)::int FROM generate_series(1, 150) i,
                  redshift_iam.simulate_custom_policy(
                    ARRAY[jsonb_build_object('Version', '2012-10-17', 'Statement', jsonb_build_object(
                      'Effect', CASE WHEN i % 2 = 0 THEN 'Allow' ELSE 'Deny' END,
                      'Action', 's3:GetObject', 'Resource', 'arn:aws:s3:::b' || i || '/*'))],
                    ARRAY['s3:GetObject'], ARRAY['arn:aws:s3:::b' || i || '/k']) s
            WHERE s.eval_decision = CASE WHEN i % 2 = 0 THEN 'allowed' ELSE 'explicitDeny' END),
          150, 'memo: 150 distinct documents (more than the memo holds) each give their own answer');
SELECT is((SELECT count(*)::int FROM generate_series(1, 150) i,
                  redshift_iam.simulate_custom_policy(
                    ARRAY[jsonb_build_object('Version', '2012-10-17', 'Statement', jsonb_build_object(
                      'Effect', CASE WHEN i % 2 = 0 THEN 'Allow' ELSE 'Deny' END,
                      'Action', 's3:GetObject', 'Resource', 'arn:aws:s3:::b' || i || '/*'))],
                    ARRAY['s3:GetObject'], ARRAY['arn:aws:s3:::b' || i || '/k']) s
            WHERE s.eval_decision = CASE WHEN i % 2 = 0 THEN 'allowed' ELSE 'explicitDeny' END),
          150, 'memo: and again, after the memo was emptied and refilled');

SELECT * FROM finish();
ROLLBACK;
