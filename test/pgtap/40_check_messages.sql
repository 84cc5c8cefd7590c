-- What check_command, validate_script and the describe-clusters reader
-- send back is valid text however long the values in it: a message cut to
-- fit its buffer is cut between characters, so that under a client_encoding
-- other than the server's the real error arrives, not an encoding error.
-- And the SQL a hint tells a superuser to paste works as pasted, for a
-- database role named o'brien or "Weird Role" and an IAM role whose path
-- holds a quote.

-- The client side of an encoding: sessions in LATIN1, run by psql
-- (backquotes) before this one takes any lock; their output is converted
-- to UTF-8 by iconv so that it can be compared here.
\set latin1_check `PGCLIENTENCODING=LATIN1 psql -X -q -A -t -h :'HOST' -p :PORT -U :'USER' -d :'DBNAME' -v VERBOSITY=verbose -c 'BEGIN' -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS redshift_iam' -c "SELECT redshift_iam.check_command('ab' || repeat(chr(233), 600), 'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/A''')" -c 'ROLLBACK' 2>&1 | head -c 300 | iconv -f LATIN1 -t UTF-8`
\set latin1_check3 `PGCLIENTENCODING=LATIN1 psql -X -q -A -t -h :'HOST' -p :PORT -U :'USER' -d :'DBNAME' -v VERBOSITY=verbose -c 'BEGIN' -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS redshift_iam' -c "SELECT redshift_iam.check_command('abc' || repeat(chr(233), 600), 'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/A''')" -c 'ROLLBACK' 2>&1 | head -c 300 | iconv -f LATIN1 -t UTF-8`
\set latin1_validate `PGCLIENTENCODING=LATIN1 psql -X -q -A -t -h :'HOST' -p :PORT -U :'USER' -d :'DBNAME' -v VERBOSITY=verbose -c 'BEGIN' -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS redshift_iam' -c "SET LOCAL redshift_iam.apply_delay = 0" -c "SELECT 1 FROM redshift_iam.create_cluster('rsi-t40-latin1', 'dc2.large', 1, ARRAY['arn:aws:iam::123456789012:role/A']) c WHERE c IS NULL" -c "SELECT sqlstate || ' ' || left(message, 20) || ' ' || octet_length(convert_to(message || detail, 'UTF8')) FROM redshift_iam.validate_script('rsi-t40-latin1', 'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/' || repeat(chr(233), 600) || '''')" -c 'ROLLBACK' 2>&1 | head -c 300 | iconv -f LATIN1 -t UTF-8`
\set latin1_describe `PGCLIENTENCODING=LATIN1 psql -X -q -A -t -h :'HOST' -p :PORT -U :'USER' -d :'DBNAME' -v VERBOSITY=verbose -c 'BEGIN' -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS redshift_iam' -c "SELECT redshift_iam_internal._parse_describe_output(('{\"Clusters\": [{\"ClusterIdentifier\": \"x' || repeat(chr(233), 100) || '\", \"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1}]}')::jsonb, 10)" -c 'ROLLBACK' 2>&1 | head -c 300 | iconv -f LATIN1 -t UTF-8`

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(22);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;

-- is the text valid in the database encoding (UTF-8 here)?
CREATE FUNCTION pg_temp.valid(t text) RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_catalog.convert_to(t, 'UTF8');
  RETURN true;
EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
  RETURN false;
END
$f$;
-- the result of a check, or its error as {"error": {sqlstate, message, detail, hint}}
CREATE FUNCTION pg_temp.chk(cluster text, cmd text) RETURNS jsonb
LANGUAGE plpgsql AS $f$
DECLARE
  st text; msg text; det text; hnt text;
BEGIN
  RETURN redshift_iam.check_command(cluster, cmd);
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                          det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('error', jsonb_build_object('sqlstate', st, 'message', msg,
                            'detail', NULLIF(det, ''), 'hint', NULLIF(hnt, '')));
END
$f$;
-- the first row of validate_script, or its error as {"error": {sqlstate, message}}
CREATE FUNCTION pg_temp.vs(cluster text, script text) RETURNS jsonb
LANGUAGE plpgsql AS $f$
DECLARE
  st text; msg text;
BEGIN
  RETURN (SELECT to_jsonb(v) FROM redshift_iam.validate_script(cluster, script) v LIMIT 1);
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
  RETURN jsonb_build_object('error', jsonb_build_object('sqlstate', st, 'message', msg));
END
$f$;
-- the SQL of a hint: what follows "...: "
CREATE FUNCTION pg_temp.hint_sql(hint text) RETURNS text LANGUAGE sql AS $f$
  SELECT substring(hint FROM ': (SELECT .*;)$')
$f$;

SELECT ok(redshift_iam.create_cluster('rsi-t40-msg', 'dc2.large', 2,
            ARRAY['arn:aws:iam::123456789012:role/A']) IS NOT NULL,
          'cluster rsi-t40-msg with role A, in-sync at once');

-- ===== long values: cut between characters =====
-- a cluster identifier is validated before anything else, and the error
-- quotes a bounded excerpt of it, cut between characters
SELECT ok((SELECT bool_and(pg_temp.valid(e->>'message') AND e->>'sqlstate' = '22023')
             FROM (VALUES ('ab'), ('abc')) AS p(prefix),
                  LATERAL (SELECT pg_temp.vs(p.prefix || repeat('é', 600),
                             'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/A''') -> 'error') AS x(e)),
          'validate_script on a cluster named ab + 600 é: 22023, and the excerpt in the message is valid UTF-8, at either alignment');
SELECT ok((SELECT bool_and(octet_length(e->>'message') < 400)
             FROM (VALUES ('ab'), ('abc')) AS p(prefix),
                  LATERAL (SELECT pg_temp.vs(p.prefix || repeat('é', 600), 'select 1') -> 'error') AS x(e)),
          '  the message quotes a bounded excerpt of the identifier');
SELECT ok((SELECT bool_and(pg_temp.valid(message) AND pg_temp.valid(detail) AND octet_length(detail) > 1000)
             FROM (VALUES (''), ('x')) AS p(prefix),
                  redshift_iam.validate_script('rsi-t40-msg',
                    'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/' || p.prefix
                    || repeat('é', 600) || '''')),
          'validate_script with a role of 600 é: message and detail (Redshift''s error, cut near 1 KB) are valid UTF-8, at either alignment');
SELECT ok((SELECT bool_and(pg_temp.valid(e->>'message') AND pg_temp.valid(e->>'detail')
                           AND e->>'sqlstate' = '22023')
             FROM (VALUES ('ab'), ('abc')) AS p(prefix),
                  LATERAL (SELECT pg_temp.chk(p.prefix || repeat('é', 600),
                             'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/A''') -> 'error') AS x(e)),
          'check_command raises 22023 with a valid message and detail, at either alignment');

SELECT alike(:'latin1_check'::text, 'ERROR:  22023: An error occurred (InvalidParameterValue) when calling the CheckCommand operation: Invalid cluster identifier "abéé%...": the identifier is longer than 63 characters.%',
            'client_encoding LATIN1: check_command''s real error arrives (22023, with an excerpt of the identifier), not an encoding error');
SELECT alike(:'latin1_check3'::text, 'ERROR:  22023: An error occurred (InvalidParameterValue) when calling the CheckCommand operation: Invalid cluster identifier "abcéé%...": the identifier is longer than 63 characters.%',
            'client_encoding LATIN1: ... at the other alignment too');
SELECT alike(:'latin1_validate'::text, '28000 a 1231-character val %',
            'client_encoding LATIN1: validate_script''s row for a role of 600 é arrives');
SELECT alike(:'latin1_describe'::text, 'ERROR:  22023: invalid describe-clusters output: Clusters[0].ClusterIdentifier: "xéé%...%',
            'client_encoding LATIN1: the describe-clusters reader''s error, with an excerpt cut between characters, arrives');
SELECT unalike(:'latin1_check' || :'latin1_check3' || :'latin1_validate' || :'latin1_describe'::text,
              '%invalid byte sequence%', '  and no session got an encoding error');

-- ===== SQL in hints =====
CREATE ROLE "o'brien" LOGIN;
CREATE ROLE "Weird Role" LOGIN;
SELECT lives_ok($$SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC')$$, 'PUBLIC''s ASSUMEROLE revoked');

SET LOCAL ROLE "o'brien";
SELECT ok(set_config('rsi_t40.hint_obrien',
         pg_temp.chk('rsi-t40-msg', 'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/A''')
           #>> '{error,hint}', true) IS NOT NULL, 'o''brien is refused ASSUMEROLE, with a hint');
RESET ROLE;
SET LOCAL ROLE "Weird Role";
SELECT ok(set_config('rsi_t40.hint_weird',
         pg_temp.chk('rsi-t40-msg', 'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/A''')
           #>> '{error,hint}', true) IS NOT NULL, '"Weird Role" is refused ASSUMEROLE, with a hint');
RESET ROLE;
SELECT is(current_setting('rsi_t40.hint_obrien'),
          'A superuser can grant it: SELECT redshift_iam.grant_assumerole(''arn:aws:iam::123456789012:role/A'', ''o''''brien'', ''{COPY}'');',
          '  the hint quotes the role name o''brien as an SQL literal');
SELECT lives_ok(pg_temp.hint_sql(current_setting('rsi_t40.hint_obrien')),
                '  the hint''s SQL runs as pasted by a superuser');
SELECT ok(redshift_iam.has_assumerole_privilege('o''brien', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          '  and grants o''brien ASSUMEROLE for COPY');
SELECT lives_ok(pg_temp.hint_sql(current_setting('rsi_t40.hint_weird')),
                'the hint''s SQL for database role "Weird Role" runs as pasted');
SELECT ok(redshift_iam.has_assumerole_privilege('Weird Role', 'arn:aws:iam::123456789012:role/A', 'COPY'),
          '  and grants "Weird Role" ASSUMEROLE for COPY');
SET LOCAL ROLE "o'brien";
SELECT is(pg_temp.chk('rsi-t40-msg', 'copy t from ''s3://b/x'' iam_role ''arn:aws:iam::123456789012:role/A''') -> 'error',
          NULL, '  o''brien may now COPY with role A');
RESET ROLE;

-- an IAM role whose path holds a quote (printable ASCII is allowed in a path)
SELECT is(pg_temp.chk('rsi-t40-msg', $$copy t from 's3://b/x' iam_role 'arn:aws:iam::123456789012:role/o''p/R'$$) #>> '{error,hint}',
          $$Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles), then import the clusters again with redshift_iam.import_clusters(); in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('rsi-t40-msg', add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/o''p/R']);$$,
          'an IAM role path with a quote, not associated: the hint quotes it');
SELECT lives_ok(pg_temp.hint_sql(pg_temp.chk('rsi-t40-msg', $$copy t from 's3://b/x' iam_role 'arn:aws:iam::123456789012:role/o''p/R'$$) #>> '{error,hint}'),
                '  the hint''s SQL runs as pasted');
SELECT is(pg_temp.chk('rsi-t40-msg', $$copy t from 's3://b/x' iam_role 'arn:aws:iam::123456789012:role/o''p/R'$$) -> 'error',
          NULL, '  and associates the role: the command is allowed');

SELECT * FROM finish();
ROLLBACK;
