-- bench_simulate.sql — policies for simulate_custom_policy at 10, 100 and
-- 1,000 statements.  Run in the small benchmark database
-- after bench_seed.sql.
--
-- Statement i allows or (every tenth) denies S3 or Redshift actions on its
-- own bucket, every fifth with a condition.  A policy of n statements is
-- passed as ceil(n/100) documents of at most 100 statements, as an account
-- with that many statements would hold them (one document of 1,000 would
-- exceed IAM's 131,072-character cap).  Each call asks 5 actions x 2
-- resources = 10 evaluations, and every evaluation must consider every
-- statement (an explicit Deny anywhere wins), so time per call should grow
-- linearly with n.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE TABLE bench_policies (
  n integer PRIMARY KEY,
  docs jsonb[] NOT NULL,
  actions text[] NOT NULL DEFAULT '{s3:GetObject,s3:PutObject,s3:ListBucket,redshift:DescribeClusters,iam:PassRole}',
  resources text[] NOT NULL DEFAULT '{arn:aws:s3:::bucket-5/data,arn:aws:s3:::nobucket/x}',
  context jsonb NOT NULL DEFAULT '{"aws:RequestedRegion": "us-east-1"}');
INSERT INTO bench_policies (n, docs)
SELECT n, array_agg(doc ORDER BY part)
  FROM (SELECT n, (i - 1) / 100 AS part,
               jsonb_build_object('Version', '2012-10-17', 'Statement', jsonb_agg(
                 jsonb_build_object(
                   'Sid', 'S' || i,
                   'Effect', CASE WHEN i % 10 = 0 THEN 'Deny' ELSE 'Allow' END,
                   'Action', CASE i % 3
                               WHEN 0 THEN '"s3:Get*"'::jsonb
                               WHEN 1 THEN '["s3:PutObject", "s3:List*"]'::jsonb
                               ELSE '"redshift:Describe*"'::jsonb END,
                   'Resource', 'arn:aws:s3:::bucket-' || i || '/*')
                 || CASE WHEN i % 5 = 0
                         THEN '{"Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}'::jsonb
                         ELSE '{}'::jsonb END
                 ORDER BY i)) AS doc
          FROM (VALUES (10), (100), (1000)) v(n), generate_series(1, n) i
         GROUP BY n, (i - 1) / 100) d
 GROUP BY n;
GRANT SELECT ON bench_policies TO bench_user;
-- every size must simulate: a failing call here stops the benchmark early
SELECT n, cardinality(docs) AS documents, pg_column_size(docs) AS bytes,
       (SELECT count(*) FROM redshift_iam.simulate_custom_policy(docs, actions, resources, context)) AS evaluations
  FROM bench_policies ORDER BY n;
