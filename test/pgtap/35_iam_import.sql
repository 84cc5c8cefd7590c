-- The IAM snapshot: import_iam with real exports (test/fixtures/iam, made by
-- moto's server and the AWS CLI), decoded or URL-encoded; validation of
-- every document naming the entity, with the catalog unchanged; replace
-- semantics; superusers only; iam_authorization_details, the interface of
-- the command checks.  Run from the repository's root (the fixtures are
-- read with psql's \set).
\set export `cat test/fixtures/iam/account-authorization-details.json`
\set encoded `cat test/fixtures/iam/account-authorization-details-urlencoded.json`
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(61);

CREATE FUNCTION pg_temp.err(sql text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('sqlstate', s, 'message', m, 'detail', d, 'hint', h);
END $$;

-- everything the catalog holds, for "unchanged" checks
CREATE FUNCTION pg_temp.snapshot() RETURNS text LANGUAGE sql AS $$
  SELECT concat_ws(E'\n',
    (SELECT string_agg(format('%s %s %s', role_arn, assume_role_policy_document, generation), ',' ORDER BY role_arn) FROM redshift_iam.catalog_iam_roles),
    (SELECT string_agg(format('%s %s %s', role_arn, policy_name, policy_document), ',' ORDER BY role_arn, policy_name) FROM redshift_iam.catalog_iam_role_policies),
    (SELECT string_agg(format('%s %s', role_arn, policy_arn), ',' ORDER BY role_arn, policy_arn) FROM redshift_iam.catalog_iam_role_attachments),
    (SELECT string_agg(format('%s %s', policy_arn, default_version_id), ',' ORDER BY policy_arn) FROM redshift_iam.catalog_iam_policies),
    (SELECT string_agg(format('%s %s %s', policy_arn, version_id, document), ',' ORDER BY policy_arn, version_id) FROM redshift_iam.catalog_iam_policy_versions),
    (SELECT string_agg(format('%s %s', resource_arn, policy_document), ',' ORDER BY resource_arn) FROM redshift_iam.catalog_iam_resource_policies))
$$;

CREATE TEMP TABLE t35_export AS SELECT :'export'::jsonb AS doc, :'encoded'::jsonb AS enc;

-- ---- the fixtures are what the tests think they are ----
SELECT is((SELECT jsonb_typeof(enc->'RoleDetailList'->0->'AssumeRolePolicyDocument') FROM t35_export), 'string',
          'the URL-encoded fixture holds documents as strings');
SELECT ok((SELECT (enc->'RoleDetailList'->0->'RolePolicyList'->0->>'PolicyDocument') LIKE '%7B%22Version%22%' FROM t35_export),
          'the URL-encoded fixture''s documents are percent-encoded');

-- ---- import of the AWS CLI's export ----
SELECT is(redshift_iam.import_iam(doc), 3, 'import_iam returns the number of roles stored') FROM t35_export;
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_role_policies), 3, 'three inline policies');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_role_attachments), 3, 'three attachments');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_policies), 2, 'two managed policies');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_policy_versions), 4, 'every version of them (3 + 1)');
SELECT is((SELECT row(role_name, path, account_id)::text FROM redshift_iam.catalog_iam_roles
            WHERE role_arn = 'arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'),
          '(RedshiftCopyUnload,/service-role/,123456789012)', 'a role''s name, path and account');
SELECT is((SELECT assume_role_policy_document->'Statement'->0->'Principal'->>'Service' FROM redshift_iam.catalog_iam_roles
            WHERE role_name = 'RedshiftCopyUnload'),
          'redshift.amazonaws.com', 'the trust policy is stored as a JSON object');
SELECT is((SELECT default_version_id FROM redshift_iam.catalog_iam_policies
            WHERE policy_arn = 'arn:aws:iam::123456789012:policy/redshift/UnloadExports'),
          'v2', 'the default version');
SELECT is((SELECT policy_name FROM redshift_iam.catalog_iam_policies
            WHERE policy_arn = 'arn:aws:iam::123456789012:policy/redshift/UnloadExports'),
          'UnloadExports', 'a policy without PolicyName (as moto exports) is named after its ARN');
SELECT is((SELECT create_date FROM redshift_iam.catalog_iam_roles WHERE role_name = 'Ec2Worker') IS NOT NULL, true,
          'CreateDate is kept');
SELECT ok(NOT EXISTS (SELECT 1 FROM redshift_iam.catalog_iam_roles WHERE role_arn LIKE '%:user/%' OR role_arn LIKE '%:group/%'),
          'UserDetailList and GroupDetailList are ignored');

-- ---- the URL-encoded export gives the same snapshot ----
CREATE TEMP TABLE t35_decoded AS
  SELECT (SELECT string_agg(format('%s %s', role_arn, assume_role_policy_document), ',' ORDER BY role_arn) FROM redshift_iam.catalog_iam_roles) AS roles,
         (SELECT string_agg(format('%s %s %s', role_arn, policy_name, policy_document), ',' ORDER BY role_arn, policy_name) FROM redshift_iam.catalog_iam_role_policies) AS inline,
         (SELECT string_agg(format('%s %s %s', policy_arn, version_id, document), ',' ORDER BY policy_arn, version_id) FROM redshift_iam.catalog_iam_policy_versions) AS versions;
SELECT is(redshift_iam.import_iam(enc), 3, 'the URL-encoded export imports') FROM t35_export;
SELECT is((SELECT string_agg(format('%s %s', role_arn, assume_role_policy_document), ',' ORDER BY role_arn) FROM redshift_iam.catalog_iam_roles),
          (SELECT roles FROM t35_decoded), 'URL-encoded trust policies decode to the same documents');
SELECT is((SELECT string_agg(format('%s %s %s', role_arn, policy_name, policy_document), ',' ORDER BY role_arn, policy_name) FROM redshift_iam.catalog_iam_role_policies),
          (SELECT inline FROM t35_decoded), 'URL-encoded inline policies decode to the same documents');
SELECT is((SELECT string_agg(format('%s %s %s', policy_arn, version_id, document), ',' ORDER BY policy_arn, version_id) FROM redshift_iam.catalog_iam_policy_versions),
          (SELECT versions FROM t35_decoded), 'URL-encoded policy versions decode to the same documents');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_roles), 3, 'importing again replaces, it does not add');

-- a document given as plain JSON text (moto returns trust policies so)
SELECT is(redshift_iam.import_iam(jsonb_build_object('RoleDetailList', jsonb_build_array(jsonb_build_object(
            'RoleName', 'Text', 'Arn', 'arn:aws:iam::111122223333:role/Text',
            'AssumeRolePolicyDocument', '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}}'::text)))),
          1, 'a document as plain JSON text is accepted');
SELECT is((SELECT jsonb_typeof(assume_role_policy_document) FROM redshift_iam.catalog_iam_roles WHERE role_name = 'Text'),
          'object', '... and stored as an object');

-- ---- replace semantics ----
SELECT is(redshift_iam.import_iam($${"RoleDetailList": [{"RoleName": "ChainedReader", "Arn": "arn:aws:iam::123456789012:role/ChainedReader",
   "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]},
   "RolePolicyList": [], "AttachedManagedPolicies": []}]}$$), 1, 'a re-import of one role');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_role_policies WHERE role_arn = 'arn:aws:iam::123456789012:role/ChainedReader'), 0,
          'its inline policies are replaced (now none)');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_role_attachments WHERE role_arn = 'arn:aws:iam::123456789012:role/ChainedReader'), 0,
          'its attachments are replaced (now none)');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_role_policies), 2,
          'the roles it does not name keep theirs');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_iam_policies), 2, 'managed policies it does not name stay');
SELECT is(redshift_iam.import_iam($${"RoleDetailList": [{"RoleName": "chainedreader", "Arn": "arn:aws:iam::123456789012:role/team/chainedreader",
   "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}}]}$$), 1,
   'a role of the same name in another case and path');
SELECT is((SELECT string_agg(role_arn, ',') FROM redshift_iam.catalog_iam_roles WHERE lower(role_name) = 'chainedreader'),
          'arn:aws:iam::123456789012:role/team/chainedreader', 'replaces the old one (names are unique regardless of case)');

-- ---- resource policies (this extension's ResourcePolicies) ----
SELECT is(redshift_iam.import_iam($${"ResourcePolicies": [
   {"ResourceArn": "arn:aws:s3:::analytics-staging", "Policy": "%7B%22Version%22%3A%222012-10-17%22%2C%22Id%22%3A%22b%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Deny%22%2C%22Principal%22%3A%22%2A%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aanalytics-staging%2F%2A%22%2C%22Condition%22%3A%7B%22Bool%22%3A%7B%22aws%3ASecureTransport%22%3A%22false%22%7D%7D%7D%5D%7D"},
   {"ResourceArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "Policy": {"Version": "2012-10-17", "Statement": [{"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]}},
   {"ResourceArn": "arn:aws:lambda:us-east-1:123456789012:function:exfunc_sum", "Policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:exfunc_sum"}]}}]}$$),
   0, 'resource policies import (no roles: returns 0)');
SELECT is((SELECT policy_document->>'Id' FROM redshift_iam.catalog_iam_resource_policies WHERE resource_arn = 'arn:aws:s3:::analytics-staging'),
          'b', 'a URL-encoded bucket policy is decoded, with its Id');
SELECT is((SELECT string_agg(resource_type || '=' || coalesce(account_id, 'null'), ' ' ORDER BY resource_type) FROM redshift_iam.iam_resource_policies),
          'kms-key=123456789012 lambda-function=123456789012 s3-bucket=null',
          'the owner account: a key''s and a function''s from their ARNs; a bucket''s unknown when the import names no role');
SELECT is(redshift_iam.import_iam($${"RoleDetailList": [{"RoleName": "BucketOwnerRole", "Arn": "arn:aws:iam::555566667777:role/BucketOwnerRole",
   "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}],
  "ResourcePolicies": [
   {"ResourceArn": "arn:aws:s3:::owned-by-export", "Policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::owned-by-export"}]}},
   {"ResourceArn": "arn:aws:s3:::owned-by-partner", "AccountId": "111122223333", "Policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::owned-by-partner"}]}}]}$$), 1,
          'an export with one account''s role and two bucket policies');
SELECT is((SELECT string_agg(resource_arn || '=' || account_id, ' ' ORDER BY resource_arn) FROM redshift_iam.iam_resource_policies WHERE resource_arn LIKE 'arn:aws:s3:::owned-by-%'),
          'arn:aws:s3:::owned-by-export=555566667777 arn:aws:s3:::owned-by-partner=111122223333',
          'a bucket without AccountId belongs to the export''s account; AccountId wins');
SELECT is((SELECT p->>'AccountId' FROM jsonb_array_elements(redshift_iam_internal.iam_authorization_details('{}')->'ResourcePolicies') p
            WHERE p->>'ResourceArn' = 'arn:aws:s3:::owned-by-partner'), '111122223333',
          'iam_authorization_details gives the owner as AccountId');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam('{"ResourcePolicies": [{"ResourceArn": "arn:aws:s3:::b-1", "AccountId": 123456789012, "Policy": {}}]}')$$)->>'message',
          'An error occurred (ValidationError) when calling the ImportIam operation: ResourcePolicies[0].AccountId: the owner''s account must be a string of 12 digits, and the account a KMS key''s or Lambda function''s ARN names',
          'an AccountId that is not a string of 12 digits is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam('{"ResourcePolicies": [{"ResourceArn": "arn:aws:kms:us-east-1:123456789012:key/k", "AccountId": "210987654321", "Policy": {}}]}')$$)->>'sqlstate',
          '22023', 'an AccountId that contradicts a key''s ARN is refused');
SELECT lives_ok($$SELECT redshift_iam.delete_role('arn:aws:iam::555566667777:role/BucketOwnerRole');
                  SELECT redshift_iam.delete_resource_policy('arn:aws:s3:::owned-by-export');
                  SELECT redshift_iam.delete_resource_policy('arn:aws:s3:::owned-by-partner')$$, '  (removed again)');

-- ---- iam_authorization_details ----
SELECT is(jsonb_array_length(redshift_iam_internal.iam_authorization_details(
            ARRAY['arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload', 'arn:aws:iam::999999999999:role/Absent'])->'RoleDetailList'),
          1, 'iam_authorization_details: one entry per named role in the snapshot; absent roles are left out');
SELECT is(redshift_iam_internal.iam_authorization_details(ARRAY['arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'])
            #> '{RoleDetailList,0,AssumeRolePolicyDocument}',
          (SELECT doc #> '{RoleDetailList,0,AssumeRolePolicyDocument}' FROM t35_export),
          'the trust policy comes back as the export gave it');
SELECT is(redshift_iam_internal.iam_authorization_details(ARRAY['arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'])
            #> '{RoleDetailList,0,RolePolicyList}',
          (SELECT jsonb_agg(p ORDER BY p->>'PolicyName') FROM t35_export, jsonb_array_elements(doc #> '{RoleDetailList,0,RolePolicyList}') p),
          'the inline policies come back as the export gave them');
SELECT is((SELECT jsonb_agg(p->>'Arn' ORDER BY p->>'Arn') FROM jsonb_array_elements(redshift_iam_internal.iam_authorization_details(
            ARRAY['arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'])->'Policies') p),
          '["arn:aws:iam::123456789012:policy/KmsAndLambda", "arn:aws:iam::123456789012:policy/redshift/UnloadExports"]',
          'Policies: the managed policies attached to the named roles');
SELECT is((redshift_iam_internal.iam_authorization_details(ARRAY['arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'])
            #> '{Policies,1,PolicyVersionList,0}') - 'CreateDate',
          (SELECT v - 'CreateDate' FROM t35_export, jsonb_array_elements(doc #> '{Policies,0,PolicyVersionList}') v WHERE (v->>'IsDefaultVersion')::boolean),
          'the default version first, its document an object');
SELECT is(jsonb_array_length(redshift_iam_internal.iam_authorization_details(ARRAY['arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'])
            #> '{Policies,1,PolicyVersionList}'), 3, 'every version');
SELECT is(jsonb_array_length(redshift_iam_internal.iam_authorization_details('{}')->'ResourcePolicies'), 3,
          'ResourcePolicies: every stored resource policy, whatever roles are named');
SELECT is(redshift_iam_internal.iam_authorization_details('{}') - 'ResourcePolicies',
          '{"Policies": [], "RoleDetailList": []}', 'no role named: empty lists');
SELECT is(redshift_iam.import_iam(redshift_iam_internal.iam_authorization_details(ARRAY(SELECT role_arn FROM redshift_iam.catalog_iam_roles))), 4,
          'its output imports again (round trip)');

-- ---- bad input: named, and nothing changes ----
CREATE TEMP TABLE t35_before AS SELECT pg_temp.snapshot() AS s;
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam(jsonb_set(doc, '{Policies,0,PolicyVersionList,2,Document,Statement,0,Effect}', '"Permit"')) FROM t35_export$$)
            - 'hint',
          jsonb_build_object('sqlstate', '22023',
            'message', 'An error occurred (MalformedPolicyDocument) when calling the ImportIam operation: policy arn:aws:iam::123456789012:policy/redshift/UnloadExports version v3: Statement[0].Effect: Effect must be exactly "Allow" or "Deny", found "Permit"',
            'detail', 'The refused document is policy arn:aws:iam::123456789012:policy/redshift/UnloadExports version v3; nothing was stored.'),
          'a malformed version (not the default one) is refused naming the policy and version');
SELECT is((SELECT s FROM t35_before), pg_temp.snapshot(), '... and the catalog is unchanged');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam(jsonb_set(doc, '{RoleDetailList,1,AssumeRolePolicyDocument,Statement,0}', '{"Effect": "Allow", "Action": "sts:AssumeRole"}')) FROM t35_export$$)->>'message',
          'An error occurred (MalformedPolicyDocument) when calling the ImportIam operation: role arn:aws:iam::123456789012:role/ChainedReader AssumeRolePolicyDocument: Statement[0].Principal: a statement in a trust policy must have a Principal or a NotPrincipal',
          'a trust policy without Principal is refused naming the role');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam(jsonb_set(doc, '{RoleDetailList,0,RolePolicyList,1,PolicyDocument,Statement,0,Principal}', '"*"')) FROM t35_export$$)->>'message',
          'An error occurred (MalformedPolicyDocument) when calling the ImportIam operation: role arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload inline policy ChainToLoader: Statement[0].Principal: Principal is not allowed in identity-based policies (it belongs in resource-based and trust policies)',
          'an inline policy with a Principal is refused naming the role and policy');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam(jsonb_set(enc, '{RoleDetailList,0,RolePolicyList,0,PolicyDocument}', '"%7B%22Version%22%3A%ZZ"')) FROM t35_export$$)->>'message',
          'An error occurred (MalformedPolicyDocument) when calling the ImportIam operation: role arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload inline policy ReadStaging: a ''%'' is not followed by two hexadecimal digits',
          'a broken URL encoding is refused naming the document');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam(jsonb_set(enc, '{RoleDetailList,0,RolePolicyList,0,PolicyDocument}', '"%7B%22Version%22%3A"')) FROM t35_export$$)->>'sqlstate',
          '22023', 'an encoded document that is not JSON is refused (22023)');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam(jsonb_set(doc, '{Policies,0,DefaultVersionId}', '"v9"')) FROM t35_export$$)->>'message',
          'An error occurred (ValidationError) when calling the ImportIam operation: Policies[0]: a managed policy needs Arn (arn:aws:iam::<account or aws>:policy/<path><name>), DefaultVersionId and a PolicyVersionList that holds the default version; AttachmentCount is a number, IsAttachable a boolean',
          'a default version that is not listed is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam(jsonb_set(doc, '{RoleDetailList,0,RoleName}', '"Other"')) FROM t35_export$$)->>'sqlstate',
          '22023', 'a RoleName that is not the end of its Arn is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam(jsonb_set(doc, '{RoleDetailList,2}', doc #> '{RoleDetailList,0}')) FROM t35_export$$)->>'message',
          'An error occurred (ValidationError) when calling the ImportIam operation: role arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload is listed twice (role names are unique in an account regardless of case)',
          'a role listed twice is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam('{"ResourcePolicies": [{"ResourceArn": "arn:aws:sqs:us-east-1:123456789012:q", "Policy": {}}]}')$$)->>'sqlstate',
          '22023', 'a resource policy of another kind of resource is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam('[]')$$)->>'sqlstate', '22023', 'an export that is not an object is refused');
SELECT ok(length(pg_temp.err(format($$SELECT redshift_iam.import_iam('{"RoleDetailList": [{"RoleName": "X", "Arn": "arn:aws:iam::123456789012:role/%s/X"}]}')$$, repeat('p', 100000)))->>'message') < 1000,
          'a 100 KB role ARN is refused without being echoed');
SELECT ok((SELECT length(m) < 700 AND m LIKE '%... AssumeRolePolicyDocument: Statement[0].Effect: %'
             FROM (SELECT pg_temp.err(format($$SELECT redshift_iam.import_iam('{"RoleDetailList": [{"RoleName": "X", "Arn": "arn:aws:iam::123456789012:role/%s/X",
            "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "sts:AssumeRole"}]}}]}')$$, repeat('p', 1900)))->>'message' AS m) x),
          'a refused document of a role with a 1,900-character path names it with its ARN cut, and still says which document');
SELECT is((SELECT s FROM t35_before), pg_temp.snapshot(), 'after every refusal the catalog is unchanged');

-- ---- superusers only ----
CREATE ROLE rsi_t35_user;
SET LOCAL ROLE rsi_t35_user;
SELECT throws_ok($$SELECT redshift_iam.import_iam('{}')$$, '42501', NULL, 'a user who is not a superuser cannot import');
SELECT lives_ok($$SELECT redshift_iam_internal.iam_authorization_details(ARRAY['arn:aws:iam::123456789012:role/service-role/RedshiftCopyUnload'])$$,
                'anyone can read iam_authorization_details (SECURITY DEFINER)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
