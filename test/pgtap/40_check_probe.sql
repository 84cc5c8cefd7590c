-- check_command reads its catalog rows by primary key without the
-- executor (src/pg/catalog_probe.c) and builds its jsonb result directly.
-- Proven here, in one transaction: the status rules of those reads answer
-- as the SQL rules of the catalog do (_effective_apply_status and
-- _effective_cluster_status, for every state and for a ready_at in the
-- past, the future, infinity and -infinity); a status that advances with
-- the clock advances within one statement's transaction too; a check sees
-- its own transaction's writes to each table it reads; and the result is
-- exactly parse_command's object plus the check's members.  Other sessions
-- and REPEATABLE READ: test/isolation/specs/check_sees_catalog.spec and
-- test/extended/check_probe.sh.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(63);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;
SET LOCAL redshift_iam.log_checks = none;
SET LOCAL client_min_messages = error;

-- 'allowed', or the refusal's SQLSTATE and message
CREATE FUNCTION pg_temp.chk(cluster text, role text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM redshift_iam.check_command(cluster,
    format('COPY t FROM %L IAM_ROLE %L CSV', 's3://bucket/p/', role));
  RETURN 'allowed';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END $f$;

-- ---- the status rules: every state x ready_at, against the SQL rule ----
SELECT redshift_iam.create_cluster('rsi-t40-probe', 'dc2.large', 1, ARRAY[]::text[]) IS NOT NULL AS created;
CREATE TEMP TABLE cases (n int, state text, ready_at timestamptz, role text);
INSERT INTO cases
SELECT row_number() OVER (), s, t, 'arn:aws:iam::123456789012:role/Probe' || row_number() OVER ()
  FROM unnest(ARRAY['adding', 'in-sync', 'removing']) s,
       unnest(ARRAY[clock_timestamp() - interval '1 hour', clock_timestamp() + interval '1 hour',
                    'infinity'::timestamptz, '-infinity'::timestamptz]) t;
INSERT INTO redshift_iam.catalog_cluster_iam_roles
  (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
SELECT '123456789012', 'us-east-1', 'rsi-t40-probe', role, state, n, now(), ready_at FROM cases;
-- what the SQL rule says, and the verdict the check gives for it
SELECT is(pg_temp.chk('rsi-t40-probe', c.role) = 'allowed',
          coalesce(redshift_iam_internal._effective_apply_status(c.state, c.ready_at) = 'in-sync', false),
          format('association %s, ready_at %s: allowed exactly when the SQL rule says in-sync',
                 c.state, CASE WHEN c.ready_at = 'infinity' THEN 'infinity'
                               WHEN c.ready_at = '-infinity' THEN '-infinity'
                               WHEN c.ready_at > now() THEN 'future' ELSE 'past' END))
  FROM cases c ORDER BY c.n;
-- the refusals name the status the SQL rule gives (adding, removing) or none
SELECT ok(CASE redshift_iam_internal._effective_apply_status(c.state, c.ready_at)
            WHEN 'in-sync' THEN r = 'allowed'
            WHEN 'adding' THEN r ~ 'adding|in-sync in|not yet'
            WHEN 'removing' THEN r ~ 'removing|being removed'
            ELSE r ~ 'not associated'
          END, format('association %s/%s: the refusal matches the SQL rule: %s', c.state, c.n, r))
  FROM (SELECT c.*, pg_temp.chk('rsi-t40-probe', c.role) AS r FROM cases c) c ORDER BY c.n;

-- the cluster's status: creating becomes available once ready_at has passed
UPDATE redshift_iam.catalog_cluster_iam_roles SET state = 'in-sync', ready_at = now()
 WHERE cluster_identifier = 'rsi-t40-probe' AND iam_role_arn = 'arn:aws:iam::123456789012:role/Probe1';
CREATE TEMP TABLE ccases (n int, ready_at timestamptz);
INSERT INTO ccases VALUES (1, clock_timestamp() - interval '1 hour'), (2, clock_timestamp() + interval '1 hour'),
                          (3, 'infinity'), (4, '-infinity');
SELECT is(pg_temp.chk('rsi-t40-probe', 'arn:aws:iam::123456789012:role/Probe1'), 'allowed',
          'the cluster with an in-sync role is allowed');
-- a cluster that is not available passes the role checks with a warning naming its status
CREATE FUNCTION pg_temp.cluster_case(st text, t timestamptz) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  UPDATE redshift_iam.catalog_clusters SET status = st, ready_at = t WHERE cluster_identifier = 'rsi-t40-probe';
  RETURN coalesce(redshift_iam.check_command('rsi-t40-probe',
           $c$COPY t FROM 's3://bucket/p/' IAM_ROLE 'arn:aws:iam::123456789012:role/Probe1' CSV$c$) ->> 'warning', 'none');
END $f$;
-- the check's warning for a cluster and role ('none'), or its refusal
CREATE FUNCTION pg_temp.cluster_case_of(cl text, role text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  RETURN coalesce(redshift_iam.check_command(cl, format('COPY t FROM %L IAM_ROLE %L CSV', 's3://bucket/p/', role)) ->> 'warning', 'none');
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END $f$;
SELECT is(pg_temp.cluster_case('creating', c.ready_at) ~ 'ClusterStatus creating',
          redshift_iam_internal._effective_cluster_status('creating', c.ready_at) = 'creating',
          format('cluster creating, case %s: a warning exactly when the SQL rule says creating', c.n))
  FROM ccases c ORDER BY c.n;
-- deleting: refused while the deletion runs, not found once it has completed
CREATE FUNCTION pg_temp.deleting_case(t timestamptz) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  UPDATE redshift_iam.catalog_clusters SET status = 'deleting', ready_at = t WHERE cluster_identifier = 'rsi-t40-probe';
  PERFORM redshift_iam.check_command('rsi-t40-probe',
           $c$COPY t FROM 's3://bucket/p/' IAM_ROLE 'arn:aws:iam::123456789012:role/Probe1' CSV$c$);
  RETURN 'allowed';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $f$;
SELECT is(pg_temp.deleting_case(c.ready_at),
          CASE WHEN redshift_iam_internal._effective_cluster_status('deleting', c.ready_at) IS NULL
               THEN '42704' ELSE '55000' END,
          format('cluster deleting, case %s: not found exactly when the SQL rule says gone', c.n))
  FROM ccases c ORDER BY c.n;
SELECT is(pg_temp.cluster_case('available', 'infinity'), 'none', 'an available cluster: no warning');

-- ---- a status that advances with the clock, inside one transaction ----
SET LOCAL redshift_iam.apply_delay = 3600;
SELECT redshift_iam.modify_cluster_iam_roles('rsi-t40-probe', ARRAY['arn:aws:iam::123456789012:role/Later']) IS NOT NULL AS added;
-- ready in one second from now (the delay counts from the transaction's start)
UPDATE redshift_iam.catalog_cluster_iam_roles SET ready_at = clock_timestamp() + interval '1 second'
 WHERE cluster_identifier = 'rsi-t40-probe' AND iam_role_arn = 'arn:aws:iam::123456789012:role/Later';
SELECT isnt(pg_temp.chk('rsi-t40-probe', 'arn:aws:iam::123456789012:role/Later'), 'allowed',
            'a role being added is refused until its apply delay has passed');
SELECT pg_sleep(1.2);
SELECT is(pg_temp.chk('rsi-t40-probe', 'arn:aws:iam::123456789012:role/Later'), 'allowed',
          'once the delay has passed the same transaction sees it in-sync (the real clock, not the transaction''s)');
SET LOCAL redshift_iam.apply_delay = 0;

-- ---- the transaction's own writes, each table a check reads ----
CREATE ROLE rsi_t40_etl;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_t40_etl;
GRANT EXECUTE ON FUNCTION pg_temp.chk(text, text) TO rsi_t40_etl;
SELECT redshift_iam.create_cluster('rsi-t40-own', 'dc2.large', 1, ARRAY['arn:aws:iam::123456789012:role/Own']) IS NOT NULL AS created;
SET LOCAL ROLE rsi_t40_etl;
SELECT is(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), 'allowed',
          'own writes: a cluster created in this transaction is seen');
RESET ROLE;
SELECT redshift_iam.modify_cluster_iam_roles('rsi-t40-own', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/Own']) IS NOT NULL;
SET LOCAL ROLE rsi_t40_etl;
SELECT matches(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), '^42704 |not associated',
               'own writes: a role removed in this transaction is refused');
RESET ROLE;
SELECT redshift_iam.modify_cluster_iam_roles('rsi-t40-own', ARRAY['arn:aws:iam::123456789012:role/Own']) IS NOT NULL;
SET LOCAL ROLE rsi_t40_etl;
SELECT is(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), 'allowed',
          'own writes: a role added back in this transaction is allowed');
RESET ROLE;
SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC');
SET LOCAL ROLE rsi_t40_etl;
SELECT matches(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), '^42501 .*ASSUMEROLE',
               'own writes: ASSUMEROLE revoked from PUBLIC in this transaction is refused');
RESET ROLE;
SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/Own', 'rsi_t40_etl', '{COPY}');
SET LOCAL ROLE rsi_t40_etl;
SELECT is(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), 'allowed',
          'own writes: a grant to the role in this transaction is seen');
RESET ROLE;
SELECT redshift_iam.grant_assumerole('ALL', 'PUBLIC');
SELECT redshift_iam.revoke_assumerole('arn:aws:iam::123456789012:role/Own', 'rsi_t40_etl', '{COPY}');
SET LOCAL ROLE rsi_t40_etl;
SELECT is(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), 'allowed',
          'own writes: PUBLIC granted again');
RESET ROLE;
SELECT redshift_iam.map_principal('rsi_t40_etl', 'arn:aws:iam::210987654321:user/etl');
SET LOCAL ROLE rsi_t40_etl;
SELECT matches(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), '^42704 |not found',
               'own writes: mapped to a principal of another account, the cluster of this account is not found');
RESET ROLE;
SELECT redshift_iam.unmap_principal('rsi_t40_etl');
SET LOCAL ROLE rsi_t40_etl;
SELECT is(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), 'allowed',
          'own writes: unmapped again, the cluster is found');
RESET ROLE;
SELECT redshift_iam.delete_cluster('rsi-t40-own') IS NOT NULL AS deleted;
SET LOCAL ROLE rsi_t40_etl;
SELECT matches(pg_temp.chk('rsi-t40-own', 'arn:aws:iam::123456789012:role/Own'), 'not found',
               'own writes: a cluster deleted in this transaction is not found');
RESET ROLE;

-- ---- the result: parse_command's object and the check's members ----
SELECT redshift_iam.create_cluster('rsi-t40-json', 'dc2.large', 1,
         ARRAY['arn:aws:iam::123456789012:role/J', 'arn:aws:iam::123456789012:role/K'],
         default_iam_role_arn => 'arn:aws:iam::123456789012:role/J') IS NOT NULL AS created;
CREATE TEMP TABLE cmds (n serial, cmd text);
INSERT INTO cmds (cmd) VALUES
  ($$COPY t FROM 's3://b/p/' IAM_ROLE 'arn:aws:iam::123456789012:role/J' CSV$$),
  ($$copy "Sch"."T" (a, b) from 's3://b/p/x.csv' iam_role default format as json 'auto'$$),
  ($$UNLOAD ('select * from t where s = ''x''') TO 's3://b/out/' IAM_ROLE 'arn:aws:iam::123456789012:role/K' ALLOWOVERWRITE$$),
  ($$COPY t FROM 's3://b/p/' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/J'$$),
  ($$COPY t FROM 's3://b/é/ü' IAM_ROLE 'arn:aws:iam::123456789012:role/J,arn:aws:iam::123456789012:role/K'$$),
  ($$CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'd' IAM_ROLE 'arn:aws:iam::123456789012:role/J'$$),
  (E'COPY t\nFROM ''s3://b/p/''\n  IAM_ROLE ''arn:aws:iam::123456789012:role/K''\n  DELIMITER ''\\t'''),
  ($$COPY t FROM 's3://b/p/' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'$$),
  -- the fields of some kinds only, and a secret key name in a free-text value
  ($$CREATE MODEL m FROM t TARGET c FUNCTION f IAM_ROLE default
     SETTINGS (S3_BUCKET 'amzn-s3-demo-bucket', KMS_KEY_ID 'arn:aws:kms:us-east-1:123456789012:key/k')$$),
  ($$CREATE OR REPLACE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' IAM_ROLE 'arn:aws:iam::123456789012:role/K' REGION AS 'us-west-2'$$),
  ($$COPY t FROM 's3://b/aws_secret_access_key/' IAM_ROLE 'arn:aws:iam::123456789012:role/J'$$);
SET LOCAL redshift_iam.access_keys = 'allow';
SELECT is(redshift_iam.check_command('rsi-t40-json', c.cmd),
          redshift_iam.parse_command(c.cmd)
            || jsonb_build_object('cluster_identifier', 'rsi-t40-json',
                                  'cluster_arn', 'arn:aws:redshift:us-east-1:123456789012:cluster:rsi-t40-json',
                                  'resolved_role', (redshift_iam.check_command('rsi-t40-json', c.cmd) ->> 'resolved_role'),
                                  'warning', (redshift_iam.check_command('rsi-t40-json', c.cmd) -> 'warning')),
          format('command %s: the result is parse_command''s object and the check''s members', c.n))
  FROM cmds c ORDER BY c.n;
SELECT is(redshift_iam.check_command('rsi-t40-json', (SELECT cmd FROM cmds WHERE n = 1))::text,
          '{"col": 1, "kind": "copy", "line": 1, "roles": ["arn:aws:iam::123456789012:role/J"], "source": null, "warning": null, "location": "s3://b/p/", "problems": [], "secret_arn": null, "auth_method": "iam_role", "cluster_arn": "arn:aws:redshift:us-east-1:123456789012:cluster:rsi-t40-json", "catalog_role": null, "access_key_id": null, "resolved_role": "arn:aws:iam::123456789012:role/J", "session_token": false, "cluster_identifier": "rsi-t40-json"}',
          'the result as text, byte for byte');

-- ---- the indexes a check reads by ----
-- a cluster is read by its identifier alone (the hash index
-- catalog_clusters_check, else catalog_clusters_identifier_idx): the same
-- identifier in other accounts and regions, with other statuses, is passed over
INSERT INTO redshift_iam.catalog_clusters
  (account_id, region, cluster_identifier, node_type, number_of_nodes, status, created_at, ready_at)
VALUES ('111111111111', 'us-east-1', 'rsi-t40-twin', 'dc2.large', 1, 'paused', now(), now()),
       ('123456789012', 'eu-west-1', 'rsi-t40-twin', 'dc2.large', 1, 'paused', now(), now()),
       ('999999999999', 'us-east-1', 'rsi-t40-twin', 'dc2.large', 1, 'paused', now(), now());
-- created after its twins, so that the index holds them ahead of it
SELECT redshift_iam.create_cluster('rsi-t40-twin', 'dc2.large', 1, ARRAY['arn:aws:iam::123456789012:role/Twin']) IS NOT NULL AS created;
SELECT is(pg_temp.cluster_case_of('rsi-t40-twin', 'arn:aws:iam::123456789012:role/Twin'), 'none',
          'a cluster read by identifier: this account''s and region''s row, not a twin''s elsewhere');
SET LOCAL redshift_iam.region = 'eu-west-1';
SELECT matches(pg_temp.cluster_case_of('rsi-t40-twin', 'arn:aws:iam::123456789012:role/Twin'), '^28000 .*not associated',
               'in another region its twin there is read, with which the role is not associated');
RESET redshift_iam.region;
SET LOCAL redshift_iam.region = 'us-east-1';
-- an association is read by the hash of its cluster and role
-- (catalog_cluster_iam_roles_check): the same pair in another account
-- shares the hash, and is passed over
INSERT INTO redshift_iam.catalog_cluster_iam_roles
  (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
VALUES ('111111111111', 'us-east-1', 'rsi-t40-twin', 'arn:aws:iam::123456789012:role/Twin2', 'in-sync', 1, now(), now());
SELECT matches(pg_temp.chk('rsi-t40-twin', 'arn:aws:iam::123456789012:role/Twin2'), '^28000 .*not associated',
               'a role associated with the twin in another account is not associated here');
-- a role of several clusters is found on each of them and on no other
SELECT redshift_iam.create_cluster('rsi-t40-share' || i, 'dc2.large', 1,
         CASE WHEN i <= 3 THEN ARRAY['arn:aws:iam::123456789012:role/Shared'] ELSE ARRAY[]::text[] END) IS NOT NULL
  FROM generate_series(1, 4) i;
SELECT is(array_agg(pg_temp.chk('rsi-t40-share' || i, 'arn:aws:iam::123456789012:role/Shared') = 'allowed' ORDER BY i),
          ARRAY[true, true, true, false],
          'a role shared by three clusters: allowed on each of them, refused on a fourth')
  FROM generate_series(1, 4) i;
-- without the hash indexes, or with other indexes under their names, the
-- btrees answer (the cluster's identifier index, the association's primary key)
DROP INDEX redshift_iam.catalog_cluster_iam_roles_check;
DROP INDEX redshift_iam.catalog_clusters_check;
SELECT is(array_agg(pg_temp.chk('rsi-t40-share' || i, 'arn:aws:iam::123456789012:role/Shared') = 'allowed' ORDER BY i)
            || (pg_temp.cluster_case_of('rsi-t40-twin', 'arn:aws:iam::123456789012:role/Twin') = 'none'),
          ARRAY[true, true, true, false, true],
          'without the hash indexes: the same answers, by the btrees')
  FROM generate_series(1, 4) i;
CREATE INDEX catalog_cluster_iam_roles_check
    ON redshift_iam.catalog_cluster_iam_roles USING hash ((iam_role_arn || ' ' || cluster_identifier));
CREATE INDEX catalog_clusters_check ON redshift_iam.catalog_clusters USING hash (region);
SELECT is(array_agg(pg_temp.chk('rsi-t40-share' || i, 'arn:aws:iam::123456789012:role/Shared') = 'allowed' ORDER BY i)
            || (pg_temp.cluster_case_of('rsi-t40-twin', 'arn:aws:iam::123456789012:role/Twin') = 'none'),
          ARRAY[true, true, true, false, true],
          'hash indexes of other expressions under those names are not used')
  FROM generate_series(1, 4) i;
DROP INDEX redshift_iam.catalog_cluster_iam_roles_check;
DROP INDEX redshift_iam.catalog_clusters_check;

SELECT * FROM finish();
ROLLBACK;
