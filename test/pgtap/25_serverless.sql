-- Redshift Serverless: import_namespaces takes list-namespaces, get-namespace,
-- list-workgroups and get-workgroup output as the AWS CLI prints it (iamRoles
-- as IamRole(...) strings in either key order, or plain ARNs); checks take a
-- namespace or workgroup name or ARN and apply the cluster rules to the
-- namespace's roles; imported statuses do not move; a name that is both a
-- cluster and a namespace is refused as ambiguous.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(50);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;

CREATE FUNCTION pg_temp.snap() RETURNS text LANGUAGE sql AS $$
  SELECT md5(coalesce((SELECT string_agg(n::text, '|' ORDER BY n::text) FROM redshift_iam.catalog_namespaces n), '')
             || '#' ||
             coalesce((SELECT string_agg(r::text, '|' ORDER BY r::text) FROM redshift_iam.catalog_namespace_iam_roles r), '')
             || '#' ||
             coalesce((SELECT string_agg(w::text, '|' ORDER BY w::text) FROM redshift_iam.catalog_workgroups w), ''))
$$;
CREATE FUNCTION pg_temp.err(call text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text;
BEGIN
  EXECUTE call;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
  RETURN s || ': ' || m || coalesce(' / ' || nullif(d, ''), '');
END $$;

-- aws redshift-serverless list-namespaces, account 111122223333 in eu-west-1
-- and us-east-2: keys of IamRole(...) in both orders, and a plain ARN
CREATE TEMP TABLE list_namespaces AS SELECT $json$
{
    "namespaces": [
        {
            "adminUsername": "admin",
            "creationDate": "2023-11-18T08:15:02.183000+00:00",
            "dbName": "dev",
            "defaultIamRoleArn": "arn:aws:iam::111122223333:role/Etl",
            "iamRoles": [
                "IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::111122223333:role/Etl)",
                "IamRole(iamRoleArn=arn:aws:iam::111122223333:role/Load, applyStatus=adding)",
                "IamRole(applyStatus=removing, iamRoleArn=arn:aws:iam::111122223333:role/Old)"
            ],
            "kmsKeyId": "AWS_OWNED_KMS_KEY",
            "logExports": [],
            "namespaceArn": "arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-b70a-3a474de0d7d2",
            "namespaceId": "aa58f5ad-32a2-4178-b70a-3a474de0d7d2",
            "namespaceName": "analytics",
            "status": "AVAILABLE"
        },
        {
            "creationDate": "2022-09-08T14:34:58.123000+00:00",
            "dbName": "dev",
            "iamRoles": ["arn:aws:iam::111122223333:role/Legacy"],
            "namespaceArn": "arn:aws:redshift-serverless:us-east-2:111122223333:namespace/edab7045-d239-4f5f-ad98-706114608952",
            "namespaceId": "edab7045-d239-4f5f-ad98-706114608952",
            "namespaceName": "legacy-ns",
            "status": "AVAILABLE"
        }
    ]
}
$json$::jsonb AS doc;

-- aws redshift-serverless list-workgroups
CREATE TEMP TABLE list_workgroups AS SELECT $json$
{
    "workgroups": [
        {
            "baseCapacity": 8,
            "creationDate": "2023-11-18T08:20:11.532000+00:00",
            "endpoint": {"address": "etl-wg.111122223333.eu-west-1.redshift-serverless.amazonaws.com", "port": 5439},
            "namespaceName": "analytics",
            "publiclyAccessible": false,
            "status": "AVAILABLE",
            "workgroupArn": "arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/0a4e8e2f-1c2b-4a64-9a40-1b0f6b2b1f2f",
            "workgroupId": "0a4e8e2f-1c2b-4a64-9a40-1b0f6b2b1f2f",
            "workgroupName": "etl-wg"
        },
        {
            "namespaceName": "not-imported",
            "status": "AVAILABLE",
            "workgroupArn": "arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/7f1d",
            "workgroupName": "orphan-wg"
        }
    ]
}
$json$::jsonb AS doc;

-- ---- import ----
SELECT is(redshift_iam.import_namespaces((SELECT doc FROM list_namespaces)), 2,
          'list-namespaces output imports; the count of namespaces');
SELECT results_eq($$SELECT account_id, region, namespace_name, status, default_iam_role_arn
                      FROM redshift_iam.namespaces ORDER BY namespace_name$$,
  $$VALUES ('111122223333', 'eu-west-1', 'analytics', 'AVAILABLE', 'arn:aws:iam::111122223333:role/Etl'),
           ('111122223333', 'us-east-2', 'legacy-ns', 'AVAILABLE', NULL)$$,
  'each namespace is filed under the account and region of its ARN, whatever the settings say');
SELECT results_eq($$SELECT namespace_name, split_part(iam_role_arn, '/', 2), apply_status, is_default
                      FROM redshift_iam.namespace_iam_roles ORDER BY namespace_name, ordinal$$,
  $$VALUES ('analytics', 'Etl', 'in-sync', true), ('analytics', 'Load', 'adding', false),
           ('analytics', 'Old', 'removing', false), ('legacy-ns', 'Legacy', 'in-sync', false)$$,
  'iamRoles in either key order and as plain ARNs (in-sync), in document order');
SELECT is(redshift_iam.import_namespaces((SELECT doc FROM list_workgroups)), 2,
          'list-workgroups output imports');
SELECT results_eq($$SELECT workgroup_name, namespace_name, region, status FROM redshift_iam.workgroups ORDER BY 1$$,
  $$VALUES ('etl-wg', 'analytics', 'eu-west-1', 'AVAILABLE'), ('orphan-wg', 'not-imported', 'eu-west-1', 'AVAILABLE')$$,
  'workgroups map to their namespace');

-- ---- checks against a namespace ----
SELECT is(redshift_iam.check_command('analytics',
            $$COPY sales FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::111122223333:role/Etl' FORMAT AS PARQUET$$)->>'resolved_role',
          'arn:aws:iam::111122223333:role/Etl', 'an in-sync role of the namespace is allowed');
SELECT is(redshift_iam.check_command('analytics', $$COPY sales FROM 's3://b/k' IAM_ROLE default$$)->>'resolved_role',
          'arn:aws:iam::111122223333:role/Etl', 'IAM_ROLE default is the namespace''s default role');
SELECT throws_ok($$SELECT redshift_iam.check_command('analytics', 'COPY sales FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::111122223333:role/Load''')$$,
  '28000', 'Not authorized to get credentials of role arn:aws:iam::111122223333:role/Load',
  'a role still adding is refused, in Redshift Serverless''s words');
SELECT is(pg_temp.err($$SELECT redshift_iam.check_command('analytics', 'COPY sales FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::111122223333:role/Old''')$$),
  '28000: Not authorized to get credentials of role arn:aws:iam::111122223333:role/Old / IAM role arn:aws:iam::111122223333:role/Old is being removed from namespace analytics (ApplyStatus removing).',
  'a role being removed is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.check_command('analytics', 'UNLOAD (''select 1'') TO ''s3://b/k'' IAM_ROLE ''arn:aws:iam::111122223333:role/Legacy''')$$),
  '28000: Not authorized to get credentials of role arn:aws:iam::111122223333:role/Legacy / IAM role arn:aws:iam::111122223333:role/Legacy is not associated with namespace analytics.',
  'a role of another namespace is not associated with this one');
SELECT is(redshift_iam.check_command('legacy-ns', $$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::111122223333:role/Legacy'$$)->>'cluster_arn',
  'arn:aws:redshift-serverless:us-east-2:111122223333:namespace/edab7045-d239-4f5f-ad98-706114608952',
  'a plain ARN of older output is usable; the call names the namespace''s ARN');
SELECT throws_ok($$SELECT redshift_iam.check_command('legacy-ns', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$,
  '28000', 'User postgres cannot use IAM_ROLE default: namespace legacy-ns has no default IAM role',
  'IAM_ROLE default on a namespace without a default role');

-- by workgroup, by ARN
SELECT is(redshift_iam.check_command('etl-wg', $$COPY t FROM 's3://b/k' IAM_ROLE default$$)->>'cluster_identifier',
          'analytics', 'a workgroup name checks against its namespace');
SELECT is(redshift_iam.check_command('arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-b70a-3a474de0d7d2',
            $$COPY t FROM 's3://b/k' IAM_ROLE default$$)->>'resolved_role',
          'arn:aws:iam::111122223333:role/Etl', 'a namespace ARN');
SELECT is(redshift_iam.check_command('arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/0a4e8e2f-1c2b-4a64-9a40-1b0f6b2b1f2f',
            $$COPY t FROM 's3://b/k' IAM_ROLE default$$)->>'cluster_identifier',
          'analytics', 'a workgroup ARN');
SELECT results_eq($$SELECT statement, line, kind, sqlstate FROM redshift_iam.validate_script('etl-wg',
    E'COPY t FROM ''s3://b/k'' IAM_ROLE default;\nCOPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::111122223333:role/Load'';\nUNLOAD (''select 1'') TO ''s3://b/k'' IAM_ROLE ''arn:aws:iam::111122223333:role/Nope'';')$$,
  $$VALUES (1, 1, 'copy', '00000'), (2, 2, 'copy', '28000'), (3, 3, 'unload', '28000')$$,
  'validate_script against a workgroup: one row per statement');
SELECT throws_ok($$SELECT redshift_iam.check_command('orphan-wg', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$,
  '42704', 'Namespace not-imported not found.', 'a workgroup whose namespace was not imported');
SELECT throws_ok($$SELECT redshift_iam.check_command('nothing-here', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$,
  '42704', 'Cluster nothing-here not found.', 'a name that is nothing is still a missing cluster');
SELECT throws_ok($$SELECT redshift_iam.check_command('1st--ns-', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$,
  '22023', NULL, 'a name that is no cluster identifier and no namespace is refused as malformed');
SELECT is(redshift_iam.import_namespaces($json$
{"namespace": {"namespaceName": "1st--ns-", "namespaceArn": "arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/f00d",
  "defaultIamRoleArn": "arn:aws:iam::111122223333:role/Etl", "iamRoles": ["arn:aws:iam::111122223333:role/Etl"]}}
$json$), 1, 'a namespace whose name is no cluster identifier');
SELECT is(redshift_iam.check_command('1st--ns-', $$COPY t FROM 's3://b/k' IAM_ROLE default$$)->>'cluster_identifier',
          '1st--ns-', 'once imported, that name is checked against the namespace');

-- ---- an import is an observation: no clock moves it ----
SELECT pg_sleep(0.01);
SELECT is((SELECT apply_status FROM redshift_iam.namespace_iam_roles WHERE iam_role_arn LIKE '%/Load'), 'adding',
          'adding stays adding with apply_delay 0: imported statuses do not move');

-- ---- re-import replaces the named namespaces only ----
SELECT is(redshift_iam.import_namespaces($json$
{"namespace": {"namespaceName": "analytics", "status": "MODIFYING",
  "namespaceArn": "arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-b70a-3a474de0d7d2",
  "defaultIamRoleArn": "arn:aws:iam::111122223333:role/Load",
  "iamRoles": ["IamRole(iamRoleArn=arn:aws:iam::111122223333:role/Load, applyStatus=in-sync)"]}}
$json$), 1, 'get-namespace output imports');
SELECT results_eq($$SELECT namespace_name, split_part(iam_role_arn, '/', 2), apply_status, is_default
                      FROM redshift_iam.namespace_iam_roles ORDER BY namespace_name, ordinal$$,
  $$VALUES ('1st--ns-', 'Etl', 'in-sync', true), ('analytics', 'Load', 'in-sync', true),
           ('legacy-ns', 'Legacy', 'in-sync', false)$$,
  're-import replaces the namespace''s roles and default role; the other namespace is left alone');
SELECT is(redshift_iam.check_command('analytics', $$COPY t FROM 's3://b/k' IAM_ROLE default$$)->>'resolved_role',
          'arn:aws:iam::111122223333:role/Load', 'a MODIFYING namespace keeps serving: its roles are checked');

-- ---- statuses that stop commands ----
SELECT is(redshift_iam.import_namespaces($json$
{"namespaces": [{"namespaceName": "legacy-ns", "status": "DELETING",
  "namespaceArn": "arn:aws:redshift-serverless:us-east-2:111122223333:namespace/edab7045-d239-4f5f-ad98-706114608952"}]}
$json$), 1, 'a namespace being deleted');
SELECT throws_ok($$SELECT redshift_iam.check_command('legacy-ns', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$,
  '55000', 'Namespace legacy-ns is not available (status deleting).', 'a namespace being deleted refuses');
SELECT is(redshift_iam.import_namespaces($json$
{"workgroup": {"namespaceName": "analytics", "status": "DELETING", "workgroupName": "etl-wg",
  "workgroupArn": "arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/0a4e8e2f-1c2b-4a64-9a40-1b0f6b2b1f2f"}}
$json$), 1, 'get-workgroup output imports');
SELECT throws_ok($$SELECT redshift_iam.check_command('etl-wg', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$,
  '55000', 'Workgroup etl-wg of namespace analytics is not available (status deleting).',
  'a workgroup being deleted refuses, though its namespace is available');

-- ---- ambiguity ----
SELECT ok(redshift_iam.create_cluster('analytics', 'ra3.xlplus', 2) IS NOT NULL, 'a cluster named like the namespace');
SELECT is(pg_temp.err($$SELECT redshift_iam.check_command('analytics', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$),
  '42P09: "analytics" names more than one cluster or Redshift Serverless namespace / It names cluster analytics (account 123456789012, region us-east-1) and namespace analytics (account 111122223333, region eu-west-1).',
  'a name that is a cluster and a namespace is ambiguous; the detail names both');
SELECT throws_ok($$SELECT * FROM redshift_iam.validate_script('analytics', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$,
  '42P09', NULL, 'validate_script refuses the ambiguous name too');
SELECT is(redshift_iam.check_command('arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-b70a-3a474de0d7d2',
            $$COPY t FROM 's3://b/k' IAM_ROLE default$$)->>'cluster_identifier',
          'analytics', 'the namespace''s ARN disambiguates');
SELECT is(redshift_iam.import_namespaces($json$
{"namespaces": [{"namespaceName": "legacy-ns", "namespaceArn": "arn:aws:redshift-serverless:ap-southeast-2:111122223333:namespace/11aa"}]}
$json$), 1, 'the same namespace name in another region');
SELECT throws_ok($$SELECT redshift_iam.check_command('legacy-ns', 'COPY t FROM ''s3://b/k'' IAM_ROLE default')$$,
  '42P09', '"legacy-ns" names more than one cluster or Redshift Serverless namespace',
  'a name of two namespaces is ambiguous');

-- ---- list_namespaces and get_namespace answer as the API does ----
SET LOCAL redshift_iam.account_id = '111122223333';
SET LOCAL redshift_iam.region = 'eu-west-1';
SELECT is(jsonb_path_query_array(redshift_iam.list_namespaces(), '$.namespaces[*].namespaceName'),
          '["1st--ns-", "analytics"]'::jsonb, 'list_namespaces: the current account''s and region''s namespaces');
SELECT is(redshift_iam.get_namespace('analytics') #> '{namespace,iamRoles}',
          '["IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::111122223333:role/Load)"]'::jsonb,
          'get_namespace: iamRoles printed as the service prints them');
CREATE TEMP TABLE listed AS SELECT redshift_iam.list_namespaces() AS doc;
SELECT is(redshift_iam.import_namespaces((SELECT doc FROM listed)), 2, 'what list_namespaces returns imports');
SELECT is(redshift_iam.list_namespaces(), (SELECT doc FROM listed), 'list -> import -> list gives the same document');
SELECT throws_ok($$SELECT redshift_iam.get_namespace('nope')$$, '42704',
  'An error occurred (ResourceNotFoundException) when calling the GetNamespace operation: Namespace nope not found.',
  'get_namespace of an unknown namespace');
SELECT ok(NOT has_function_privilege('public', 'redshift_iam.list_namespaces()', 'EXECUTE')
          AND NOT has_function_privilege('public', 'redshift_iam.get_namespace(text)', 'EXECUTE'),
          'list_namespaces and get_namespace are not executable by PUBLIC, as describe_clusters');
RESET redshift_iam.account_id;
RESET redshift_iam.region;
SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';

-- ---- malformed input changes nothing ----
CREATE TEMP TABLE before_bad AS SELECT pg_temp.snap() AS digest;
SELECT throws_ok($$SELECT redshift_iam.import_namespaces('{"namespaces": [{"namespaceName": "analytics", "namespaceArn": "arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-b70a-3a474de0d7d2"}, {"namespaceName": "x2x", "namespaceArn": "arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/b", "iamRoles": ["IamRole(applyStatus=pending, iamRoleArn=arn:aws:iam::111122223333:role/Etl)"]}]}')$$,
  '22023', 'invalid Redshift Serverless output: namespaces[1].iamRoles[0]: "IamRole(applyStatus=pending, iamRoleArn=arn:aws:iam::111122223333:role/Etl)": applyStatus: expected one of in-sync, adding, removing',
  'a bad element is named and refuses the whole document');
SELECT is(pg_temp.snap(), (SELECT digest FROM before_bad), 'the refused import changed nothing');
SELECT throws_ok($$SELECT redshift_iam.import_namespaces('{"Clusters": []}')$$, '22023',
  'invalid Redshift Serverless output: (document): missing member namespaces (or namespace, workgroups, workgroup)',
  'describe-clusters output is not a namespaces document');

-- ---- privileges ----
SELECT ok(NOT has_function_privilege('public', 'redshift_iam.import_namespaces(jsonb)', 'EXECUTE'),
          'import_namespaces is not executable by PUBLIC');
SELECT ok(NOT has_table_privilege('public', 'redshift_iam.catalog_namespaces', 'INSERT,UPDATE,DELETE,SELECT')
          AND NOT has_table_privilege('public', 'redshift_iam.catalog_namespace_iam_roles', 'INSERT,UPDATE,DELETE,SELECT')
          AND NOT has_table_privilege('public', 'redshift_iam.catalog_workgroups', 'INSERT,UPDATE,DELETE,SELECT'),
          'PUBLIC holds no privilege on the tables');
SELECT ok(has_table_privilege('public', 'redshift_iam.namespaces', 'SELECT')
          AND has_table_privilege('public', 'redshift_iam.namespace_iam_roles', 'SELECT')
          AND has_table_privilege('public', 'redshift_iam.workgroups', 'SELECT'),
          'the views are readable by everyone, as the clusters'' are');

CREATE ROLE rsi_ns_ops;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_ns_ops;
GRANT EXECUTE ON FUNCTION redshift_iam.import_namespaces(jsonb) TO rsi_ns_ops;
GRANT SELECT ON list_namespaces TO rsi_ns_ops;
SELECT redshift_iam.map_principal('rsi_ns_ops', 'arn:aws:iam::123456789012:user/ops');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/ops', 'p', '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["redshift-serverless:CreateNamespace", "iam:PassRole"], "Resource": "*"}]}');
SET LOCAL ROLE rsi_ns_ops;
SELECT throws_ok($$SELECT redshift_iam.import_namespaces((SELECT doc FROM list_namespaces))$$,
  '42501', 'namespace analytics belongs to account 111122223333, not to account 123456789012 the caller acts in',
  'a principal imports only its own account''s namespaces');
SELECT is(redshift_iam.import_namespaces($json$
{"namespace": {"namespaceName": "ops-ns", "namespaceArn": "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/c0ffee",
  "iamRoles": ["IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/OpsEtl)"]}}
$json$), 1, 'its own account''s, with CreateNamespace and iam:PassRole allowed');
RESET ROLE;
SELECT is((SELECT count(*)::integer FROM redshift_iam.namespaces WHERE namespace_name = 'ops-ns'), 1, 'imported');

SELECT * FROM finish();
ROLLBACK;
