-- The IAM snapshot's writers, named after IAM's API (create_role,
-- put_role_policy, create_policy, create_policy_version, attach_role_policy,
-- put_resource_policy and their deletes): IAM's semantics and errors
-- (NoSuchEntity, EntityAlreadyExists, DeleteConflict, LimitExceeded,
-- MalformedPolicyDocument); the views; superusers only; comments.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(79);

CREATE FUNCTION pg_temp.err(sql text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
  EXECUTE sql;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('sqlstate', s, 'message', m, 'detail', d, 'hint', h);
END $$;

CREATE FUNCTION pg_temp.trust(principal jsonb) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object('Version', '2012-10-17', 'Statement', jsonb_build_array(jsonb_build_object(
    'Effect', 'Allow', 'Principal', principal, 'Action', 'sts:AssumeRole')))
$$;
CREATE FUNCTION pg_temp.allow(action text, resource text) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object('Version', '2012-10-17', 'Statement', jsonb_build_array(jsonb_build_object(
    'Effect', 'Allow', 'Action', action, 'Resource', resource)))
$$;

-- ---- roles ----
SELECT is(redshift_iam.create_role('arn:aws:iam::123456789012:role/service-role/Loader',
            pg_temp.trust('{"Service": "redshift.amazonaws.com"}')),
          'arn:aws:iam::123456789012:role/service-role/Loader', 'create_role with an ARN returns it');
SELECT is((SELECT row(role_name, path, account_id, role_id ~ '^AROA[0-9A-F]{17}$')::text FROM redshift_iam.iam_roles
            WHERE role_arn = 'arn:aws:iam::123456789012:role/service-role/Loader'),
          '(Loader,/service-role/,123456789012,t)', 'name, path, account and a role ID in IAM''s form come from the ARN');
SELECT is(redshift_iam.create_role('Reader', '123456789012', pg_temp.trust('{"AWS": "arn:aws:iam::123456789012:role/service-role/Loader"}'),
                                   '/chain/', 'second link'),
          'arn:aws:iam::123456789012:role/chain/Reader', 'create_role with name, account, path and description builds the ARN');
SELECT is((SELECT description FROM redshift_iam.iam_roles WHERE role_name = 'Reader'), 'second link', 'the description is kept');
SELECT is(redshift_iam.create_role('arn:aws:iam::123456789012:role/Encoded',
            to_jsonb('%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22redshift.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D'::text)),
          'arn:aws:iam::123456789012:role/Encoded', 'a URL-encoded trust policy is accepted');
SELECT is((SELECT trust_policy #>> '{Statement,0,Principal,Service}' FROM redshift_iam.iam_roles WHERE role_name = 'Encoded'),
          'redshift.amazonaws.com', '... and stored decoded');
SELECT is(redshift_iam.create_role('arn:aws:iam::123456789012:role/EncodedBlanks',
            to_jsonb('%0A%20%20%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%22%2A%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D%0A'::text)),
          'arn:aws:iam::123456789012:role/EncodedBlanks', 'a URL-encoded document that starts with encoded blanks (IAM keeps them) is accepted');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_role('arn:aws:iam::123456789012:role/other/loader', pg_temp.trust('"*"'))$$) - 'detail' - 'hint',
          jsonb_build_object('sqlstate', '42710', 'message',
            'An error occurred (EntityAlreadyExists) when calling the CreateRole operation: Role with name loader already exists.'),
          'EntityAlreadyExists (42710) for a name taken in the account, whatever its case and path');
SELECT lives_ok($$SELECT redshift_iam.create_role('arn:aws:iam::210987654321:role/service-role/Loader', pg_temp.trust('"*"'))$$,
                'the same name in another account is another role');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_role('arn:aws:iam::123456789012:role/NoTrust', pg_temp.allow('s3:GetObject', '*'))$$)->>'message',
          'An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: role arn:aws:iam::123456789012:role/NoTrust AssumeRolePolicyDocument: Statement[0].Principal: a statement in a trust policy must have a Principal or a NotPrincipal',
          'a trust policy needs a Principal');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_role('arn:aws:iam::123456789012:role/BadPrincipal', pg_temp.trust('{"Users": "x"}'))$$)->>'message',
          'An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: role arn:aws:iam::123456789012:role/BadPrincipal AssumeRolePolicyDocument: Statement[0].Principal.Users: a Principal''s keys are AWS, Service, Federated or CanonicalUser, found "Users"',
          'a Principal''s keys are checked');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_role('arn:aws:iam::123456789012:role/BadCond',
            jsonb_set(pg_temp.trust('"*"'), '{Statement,0,Condition}', '{"StringEquals": "x"}'))$$)->>'sqlstate',
          '22023', 'the rest of a trust policy is checked by the policy engine (a malformed Condition)');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_role('arn:aws:iam::123456789012:user/Bob', pg_temp.trust('"*"'))$$)->>'message',
          'An error occurred (ValidationError) when calling the CreateRole operation: ''arn:aws:iam::123456789012:user/Bob'' is not an IAM role ARN',
          'a user ARN is not a role ARN');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_role('bad name', '123456789012', pg_temp.trust('"*"'))$$)->>'sqlstate',
          '22023', 'a role name outside IAM''s pattern is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_role('Ok', '123456789012', pg_temp.trust('"*"'), 'nopath')$$)->>'sqlstate',
          '22023', 'a path that does not start and end with / is refused');
SELECT is((SELECT count(*)::int FROM redshift_iam.iam_roles WHERE role_name IN ('NoTrust', 'BadPrincipal', 'BadCond', 'Ok', 'Bob')), 0,
          'refused roles are not stored');

-- ---- inline policies ----
SELECT lives_ok($$SELECT redshift_iam.put_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'Read',
                    pg_temp.allow('s3:GetObject', 'arn:aws:s3:::staging/*'))$$, 'put_role_policy');
CREATE TEMP TABLE t35w_gen AS SELECT generation FROM redshift_iam.catalog_iam_role_policies WHERE policy_name = 'Read';
SELECT lives_ok($$SELECT redshift_iam.put_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'Read',
                    pg_temp.allow('s3:GetObject', 'arn:aws:s3:::staging/in/*'))$$, 'put_role_policy again replaces');
SELECT is((SELECT policy_document #>> '{Statement,0,Resource}' FROM redshift_iam.iam_role_policies WHERE policy_name = 'Read'),
          'arn:aws:s3:::staging/in/*', 'the new document is in force');
SELECT ok((SELECT generation FROM redshift_iam.catalog_iam_role_policies WHERE policy_name = 'Read') > (SELECT generation FROM t35w_gen),
          'a new generation (for caches)');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_role_policy('arn:aws:iam::123456789012:role/Nobody', 'Read', pg_temp.allow('s3:GetObject', '*'))$$) - 'hint' - 'detail',
          jsonb_build_object('sqlstate', '42704', 'message',
            'An error occurred (NoSuchEntity) when calling the PutRolePolicy operation: The role with name Nobody cannot be found.'),
          'NoSuchEntity (42704) for a role not in the snapshot');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'Bad',
            jsonb_set(pg_temp.allow('s3:GetObject', '*'), '{Statement,0,Principal}', '"*"'))$$) - 'hint',
          jsonb_build_object('sqlstate', '22023', 'message',
            'An error occurred (MalformedPolicyDocument) when calling the PutRolePolicy operation: role arn:aws:iam::123456789012:role/service-role/Loader inline policy Bad: Statement[0].Principal: Principal is not allowed in identity-based policies (it belongs in resource-based and trust policies)',
            'detail', 'The refused document is role arn:aws:iam::123456789012:role/service-role/Loader inline policy Bad; nothing was stored.'),
          'MalformedPolicyDocument (22023) naming role, policy and element, with a DETAIL');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'a b', pg_temp.allow('s3:GetObject', '*'))$$)->>'sqlstate',
          '22023', 'a policy name outside IAM''s pattern is refused');
SELECT lives_ok($$SELECT redshift_iam.put_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'Chain',
                    pg_temp.allow('sts:AssumeRole', 'arn:aws:iam::123456789012:role/chain/Reader'))$$, 'a second inline policy');
SELECT lives_ok($$SELECT redshift_iam.delete_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'Chain')$$, 'delete_role_policy');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'Chain')$$)->>'message',
          'An error occurred (NoSuchEntity) when calling the DeleteRolePolicy operation: The role policy with name Chain cannot be found.',
          'deleting it again: NoSuchEntity');

-- ---- managed policies and versions ----
SELECT is(redshift_iam.create_policy('arn:aws:iam::123456789012:policy/redshift/Unload', pg_temp.allow('s3:PutObject', 'arn:aws:s3:::out/*')),
          'arn:aws:iam::123456789012:policy/redshift/Unload', 'create_policy with an ARN');
SELECT is((SELECT row(policy_name, path, default_version_id, version_count, attachment_count)::text FROM redshift_iam.iam_policies
            WHERE policy_arn = 'arn:aws:iam::123456789012:policy/redshift/Unload'),
          '(Unload,/redshift/,v1,1,0)', 'its name, path, default version v1, one version, no attachment');
SELECT is(redshift_iam.create_policy('Kms', '123456789012', pg_temp.allow('kms:Decrypt', '*'), '/', 'keys'),
          'arn:aws:iam::123456789012:policy/Kms', 'create_policy with a name and account');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_policy('arn:aws:iam::123456789012:policy/other/Kms', pg_temp.allow('kms:Decrypt', '*'))$$)->>'sqlstate',
          NULL, 'the same name under another path is another policy (IAM keys policies by ARN)');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_policy('arn:aws:iam::123456789012:policy/Kms', pg_temp.allow('kms:Decrypt', '*'))$$)->>'message',
          'An error occurred (EntityAlreadyExists) when calling the CreatePolicy operation: A policy called Kms already exists. Duplicate names are not allowed.',
          'EntityAlreadyExists for an existing policy');
SELECT is(redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', pg_temp.allow('s3:PutObject', 'arn:aws:s3:::out/unload/*'), true),
          'v2', 'create_policy_version returns v2');
SELECT is((SELECT default_version_id FROM redshift_iam.iam_policies WHERE policy_name = 'Unload'), 'v2', 'set as default');
SELECT is(redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', pg_temp.allow('s3:*', '*')),
          'v3', 'a version that is not the default');
SELECT is((SELECT default_version_id FROM redshift_iam.iam_policies WHERE policy_name = 'Unload'), 'v2', 'the default stays');
SELECT is((SELECT string_agg(version_id || ':' || is_default_version, ',' ORDER BY version_id) FROM redshift_iam.iam_policy_versions
            WHERE policy_arn = 'arn:aws:iam::123456789012:policy/redshift/Unload'),
          'v1:false,v2:true,v3:false', 'iam_policy_versions marks the default');
SELECT lives_ok($$SELECT redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', pg_temp.allow('s3:*', '*'));
                  SELECT redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', pg_temp.allow('s3:*', '*'))$$,
                'versions 4 and 5');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', pg_temp.allow('s3:*', '*'))$$) - 'hint' - 'detail',
          jsonb_build_object('sqlstate', '54000', 'message',
            'An error occurred (LimitExceeded) when calling the CreatePolicyVersion operation: A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.'),
          'a sixth version: LimitExceeded (54000), as IAM');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', 'v2')$$)->>'message',
          'An error occurred (DeleteConflict) when calling the DeletePolicyVersion operation: Cannot delete the default version of a policy.',
          'the default version cannot be deleted: DeleteConflict');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', 'v2')$$)->>'sqlstate',
          '2BP01', 'DeleteConflict is 2BP01');
SELECT lives_ok($$SELECT redshift_iam.delete_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', 'v1')$$, 'delete_policy_version');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', 'v1')$$)->>'sqlstate',
          '42704', 'deleting it again: NoSuchEntity');
SELECT is(redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', pg_temp.allow('s3:*', '*')),
          'v6', 'after a delete there is room, and the new version is numbered after the highest');
SELECT lives_ok($$SELECT redshift_iam.set_default_policy_version('arn:aws:iam::123456789012:policy/redshift/Unload', 'v3')$$, 'set_default_policy_version');
SELECT is((SELECT default_document #>> '{Statement,0,Action}' FROM redshift_iam.iam_policies WHERE policy_name = 'Unload'),
          's3:*', 'iam_policies shows the new default document');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/Nope', pg_temp.allow('s3:*', '*'))$$)->>'message',
          'An error occurred (NoSuchEntity) when calling the CreatePolicyVersion operation: Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable.',
          'NoSuchEntity for an unknown policy');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/Kms', '{"Statement": []}')$$)->>'sqlstate',
          '22023', 'a malformed version is refused');
SELECT is((SELECT version_count FROM redshift_iam.iam_policies WHERE policy_name = 'Kms' AND path = '/'), 1::bigint, '... and not stored');

-- ---- attachments and the effective policies ----
SELECT lives_ok($$SELECT redshift_iam.attach_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'arn:aws:iam::123456789012:policy/redshift/Unload');
                  SELECT redshift_iam.attach_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'arn:aws:iam::123456789012:policy/redshift/Unload');
                  SELECT redshift_iam.attach_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'arn:aws:iam::123456789012:policy/Kms')$$,
                'attach_role_policy (twice is once)');
SELECT is((SELECT attachment_count FROM redshift_iam.iam_policies WHERE policy_name = 'Unload'), 1, 'attachment_count counts one attachment');
SELECT is((SELECT string_agg(format('%s %s %s %s', policy_type, policy_name, version_id, policy_document #>> '{Statement,0,Action}'), '; ' ORDER BY policy_type, policy_name)
             FROM redshift_iam.iam_role_policies WHERE role_arn = 'arn:aws:iam::123456789012:role/service-role/Loader'),
          'inline Read  s3:GetObject; managed Kms v1 kms:Decrypt; managed Unload v3 s3:*',
          'iam_role_policies: the inline policies and the default version of each attached policy');
SELECT is(pg_temp.err($$SELECT redshift_iam.attach_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess')$$)->>'sqlstate',
          '42704', 'attaching a policy the snapshot lacks: NoSuchEntity');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_policy('arn:aws:iam::123456789012:policy/Kms')$$)->>'message',
          'An error occurred (DeleteConflict) when calling the DeletePolicy operation: Cannot delete a policy attached to entities.',
          'an attached policy cannot be deleted: DeleteConflict');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_role('arn:aws:iam::123456789012:role/service-role/Loader')$$)->>'message',
          'An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must detach all policies first.',
          'a role with attached policies cannot be deleted: DeleteConflict');
SELECT lives_ok($$SELECT redshift_iam.detach_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'arn:aws:iam::123456789012:policy/Kms');
                  SELECT redshift_iam.detach_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'arn:aws:iam::123456789012:policy/redshift/Unload')$$,
                'detach_role_policy');
SELECT is(pg_temp.err($$SELECT redshift_iam.detach_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'arn:aws:iam::123456789012:policy/Kms')$$)->>'sqlstate',
          '42704', 'detaching again: NoSuchEntity');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_role('arn:aws:iam::123456789012:role/service-role/Loader')$$)->>'message',
          'An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must delete policies first.',
          'a role with inline policies cannot be deleted: DeleteConflict');
SELECT lives_ok($$SELECT redshift_iam.delete_role_policy('arn:aws:iam::123456789012:role/service-role/Loader', 'Read');
                  SELECT redshift_iam.delete_role('arn:aws:iam::123456789012:role/service-role/Loader');
                  SELECT redshift_iam.delete_policy('arn:aws:iam::123456789012:policy/Kms')$$,
                'delete_role and delete_policy once nothing depends on them');
SELECT is((SELECT count(*)::int FROM redshift_iam.iam_roles WHERE role_arn = 'arn:aws:iam::123456789012:role/service-role/Loader')
        + (SELECT count(*)::int FROM redshift_iam.iam_policy_versions WHERE policy_arn = 'arn:aws:iam::123456789012:policy/Kms'), 0,
          'gone, with their versions');

-- ---- resource policies ----
SELECT lives_ok($$SELECT redshift_iam.put_resource_policy('arn:aws:s3:::staging',
  '{"Version": "2012-10-17", "Id": "p", "Statement": [{"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::staging", "arn:aws:s3:::staging/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}')$$,
                'put_resource_policy: a bucket policy');
SELECT is((SELECT resource_type FROM redshift_iam.iam_resource_policies WHERE resource_arn = 'arn:aws:s3:::staging'), 's3-bucket',
          'iam_resource_policies shows it with its kind');
SELECT is((SELECT account_id FROM redshift_iam.iam_resource_policies WHERE resource_arn = 'arn:aws:s3:::staging'),
          (SELECT CASE WHEN count(DISTINCT account_id) = 1 THEN min(account_id) END FROM redshift_iam.iam_roles),
          '  its owner: the one account of the snapshot''s roles, as no account_id was given');
SELECT lives_ok($$SELECT redshift_iam.put_resource_policy('arn:aws:s3:::staging2',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::staging2/*"}]}', '444455556666')$$,
                'put_resource_policy with account_id');
SELECT is((SELECT account_id FROM redshift_iam.iam_resource_policies WHERE resource_arn = 'arn:aws:s3:::staging2'), '444455556666',
          '  keeps the owner given');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_resource_policy('arn:aws:s3:::staging2', pg_temp.trust('"*"'), '4444')$$)->>'sqlstate',
          '22023', 'an account_id that is not 12 digits is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_resource_policy('arn:aws:kms:us-east-1:123456789012:key/k1', pg_temp.trust('"*"'), '210987654321')$$)->>'message',
          'An error occurred (ValidationError) when calling the PutResourcePolicy operation: account_id ''210987654321'' is not the owner of arn:aws:kms:us-east-1:123456789012:key/k1: an account ID is 12 digits, and a KMS key''s or Lambda function''s owner is the account its ARN names',
          'an account_id that contradicts a key''s ARN is refused');
SELECT lives_ok($$SELECT redshift_iam.delete_resource_policy('arn:aws:s3:::staging2')$$, '  (removed again)');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_resource_policy('arn:aws:s3:::staging/key', pg_temp.trust('"*"'))$$)->>'sqlstate',
          '22023', 'an object ARN is not a bucket: refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_resource_policy('arn:aws:kms:us-east-1:123456789012:key/k1', pg_temp.allow('kms:*', '*'))$$)->>'message',
          'An error occurred (MalformedPolicyDocument) when calling the PutResourcePolicy operation: resource policy of arn:aws:kms:us-east-1:123456789012:key/k1: Statement[0].Principal: a statement in a resource-based policy must have a Principal or a NotPrincipal',
          'a resource policy without Principal is refused');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_resource_policy('arn:aws:s3:::staging',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}')$$)->>'message',
          'An error occurred (MalformedPolicyDocument) when calling the PutResourcePolicy operation: resource policy of arn:aws:s3:::staging: Statement[0].Resource: a statement in a resource-based policy must have a Resource or a NotResource',
          'a resource policy statement without Resource is refused, as the evaluation would refuse it');
SELECT is(pg_temp.err($$SELECT redshift_iam.put_resource_policy('arn:aws:s3:::staging', to_jsonb(E'{"Version": "2012-10-17",\n "Statement": [}'::text))$$)->>'message',
          'An error occurred (MalformedPolicyDocument) when calling the PutResourcePolicy operation: resource policy of arn:aws:s3:::staging: (document): invalid JSON at line 2, column 16: unexpected token near ''}''',
          'a document string that is not JSON is refused with its line and column');
SELECT lives_ok($$SELECT redshift_iam.delete_resource_policy('arn:aws:s3:::staging')$$, 'delete_resource_policy');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_resource_policy('arn:aws:s3:::staging')$$)->>'sqlstate', '42704', 'again: NoSuchEntity');

-- ---- superusers only; the views are readable ----
CREATE ROLE rsi_t35w_user;
SET LOCAL ROLE rsi_t35w_user;
SELECT is(pg_temp.err($$SELECT redshift_iam.create_role('arn:aws:iam::123456789012:role/Mine', pg_temp.trust('"*"'))$$)->>'sqlstate',
          '42501', 'a user who is not a superuser cannot create roles');
SELECT is((SELECT count(*)::int FROM redshift_iam.iam_roles) > 0, true, 'but can read the views');
SELECT is(pg_temp.err($$SELECT redshift_iam.import_iam('{}')$$)->>'sqlstate', '42501', 'nor import');
RESET ROLE;
SELECT is_empty($$
  SELECT v FROM unnest(ARRAY['redshift_iam.iam_roles', 'redshift_iam.iam_role_policies', 'redshift_iam.iam_policies',
                             'redshift_iam.iam_policy_versions', 'redshift_iam.iam_resource_policies']) AS v
   WHERE NOT has_table_privilege('rsi_t35w_user', v, 'SELECT')$$,
  'every view of the snapshot is readable by a plain user');
SELECT is_empty($$
  SELECT c.oid::regclass::text FROM pg_class c
   WHERE c.relnamespace = 'redshift_iam'::regnamespace AND c.relkind = 'r' AND c.relname LIKE 'catalog\_iam\_%'
     AND (has_table_privilege('rsi_t35w_user', c.oid, 'SELECT') OR has_table_privilege('rsi_t35w_user', c.oid, 'INSERT'))$$,
  'no table of the snapshot is readable or writable by a plain user');

SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
     AND p.oid IN (SELECT objid FROM pg_depend WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'redshift_iam'))
     AND (p.proname ~ '^(_?iam|import_iam|create_role|delete_role|put_role_policy|delete_role_policy|create_policy|create_policy_version|set_default_policy_version|delete_policy_version|delete_policy|attach_role_policy|detach_role_policy|put_resource_policy|delete_resource_policy)'
          OR p.proname ~ '^_iam_')
     AND obj_description(p.oid, 'pg_proc') IS NULL
  UNION ALL
  SELECT c.oid::regclass::text FROM pg_class c
   WHERE c.relnamespace = 'redshift_iam'::regnamespace AND c.relname ~ 'iam_(roles|role_|policies|policy_|resource)'
     AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
     AND obj_description(c.oid, 'pg_class') IS NULL$$,
  'every function, table, view and index of the IAM snapshot has a COMMENT');

SELECT * FROM finish();
ROLLBACK;
