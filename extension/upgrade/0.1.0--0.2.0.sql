-- redshift_iam upgrade script 0.1.0 -> 0.2.0.
--
-- This file holds the changes to objects that 0.1.0 already had (the parts
-- numbered 00-20); the Makefile appends the parts that are new in 0.2.0.
-- Whoever changes an object of a 0.1.0 part writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh compares an
-- upgraded database with a fresh install and fails on any difference.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.2.0'" to load this file. \quit


-- Concurrency (issue 8, test/isolation): every writer locks cluster rows
-- before role rows and clusters in identifier order, so concurrent calls
-- wait instead of deadlocking; import_clusters updates a cluster in place so
-- a modify waiting for it does not report ClusterNotFound.
CREATE OR REPLACE FUNCTION redshift_iam._materialize(account_id text, region text, cluster_identifier text, force boolean)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_n integer;
  v_total integer := 0;
BEGIN
  -- Lock order of every writer: cluster rows before role rows, clusters in
  -- identifier order.  Without it this function (role rows, then cluster
  -- rows) deadlocks with modify_cluster_iam_roles (test/isolation/specs/
  -- materialize_order.spec).
  PERFORM 1 FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = $1 AND c.region = $2
     AND ($3 IS NULL OR c.cluster_identifier = $3)
   ORDER BY c.cluster_identifier
     FOR UPDATE;
  -- finished removals disappear
  DELETE FROM redshift_iam.catalog_cluster_iam_roles r
   WHERE r.account_id = $1 AND r.region = $2
     AND ($3 IS NULL OR r.cluster_identifier = $3)
     AND r.state = 'removing'
     AND ($4 OR redshift_iam._effective_apply_status(r.state, r.ready_at) IS NULL);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_total := v_total + v_n;
  -- finished additions are in-sync
  UPDATE redshift_iam.catalog_cluster_iam_roles r
     SET state = 'in-sync', ready_at = least(r.ready_at, clock_timestamp())
   WHERE r.account_id = $1 AND r.region = $2
     AND ($3 IS NULL OR r.cluster_identifier = $3)
     AND r.state = 'adding'
     AND ($4 OR redshift_iam._effective_apply_status(r.state, r.ready_at) = 'in-sync');
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_total := v_total + v_n;
  -- created clusters are available
  UPDATE redshift_iam.catalog_clusters c
     SET status = 'available', ready_at = least(c.ready_at, clock_timestamp())
   WHERE c.account_id = $1 AND c.region = $2
     AND ($3 IS NULL OR c.cluster_identifier = $3)
     AND c.status = 'creating'
     AND ($4 OR redshift_iam._effective_cluster_status(c.status, c.ready_at) = 'available');
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_total + v_n;
END
$$;

CREATE OR REPLACE FUNCTION redshift_iam.import_clusters(describe_clusters_output jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_account text;
  v_region text := redshift_iam._region();
  v_list jsonb;
  v_c jsonb;
  v_arn text;
  v_now timestamptz := clock_timestamp();
  v_ready timestamptz := v_now + redshift_iam._apply_delay();
  v_n integer := 0;
BEGIN
  v_account := redshift_iam._caller_account();
  v_list := redshift_iam._parse_describe_output($1, v_account, redshift_iam._max_roles_per_cluster());
  -- authorize every cluster before changing anything
  FOR v_c IN SELECT e FROM jsonb_array_elements(v_list) AS e LOOP
    v_arn := redshift_iam._cluster_arn(v_account, v_region, v_c->>'identifier');
    PERFORM redshift_iam._authorize('redshift:CreateCluster', v_arn,
      ARRAY(SELECT r->>'arn' FROM jsonb_array_elements(v_c->'roles') AS r), v_arn);
  END LOOP;
  -- The lock order of every writer (see _materialize): the existing
  -- clusters first, in identifier order, and new ones inserted in that
  -- order too, so two imports listing the same clusters in different
  -- orders wait for each other instead of deadlocking.
  SELECT jsonb_agg(e ORDER BY (e->>'identifier') COLLATE "C") INTO v_list
    FROM jsonb_array_elements(v_list) AS e;
  PERFORM 1 FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region
     AND c.cluster_identifier IN (SELECT e->>'identifier' FROM jsonb_array_elements(v_list) AS e)
   ORDER BY c.cluster_identifier
     FOR UPDATE;
  FOR v_c IN SELECT e FROM jsonb_array_elements(v_list) AS e LOOP
    -- replace the row in place, not DELETE + INSERT: a modify waiting for
    -- the row lock then finds the imported cluster, not a deleted one
    -- (test/isolation/specs/import_modify.spec)
    INSERT INTO redshift_iam.catalog_clusters AS c
           (account_id, region, cluster_identifier, node_type, number_of_nodes, status,
            default_iam_role_arn, created_at, ready_at)
    VALUES (v_account, v_region, v_c->>'identifier', v_c->>'node_type',
            (v_c->>'number_of_nodes')::integer, v_c->>'status', v_c->>'default_role',
            coalesce((v_c->>'create_time')::timestamptz, date_trunc('milliseconds', v_now)),
            CASE WHEN v_c->>'status' = 'creating' THEN v_ready ELSE v_now END)
    ON CONFLICT (account_id, region, cluster_identifier) DO UPDATE
       SET node_type = excluded.node_type,
           number_of_nodes = excluded.number_of_nodes,
           status = excluded.status,
           default_iam_role_arn = excluded.default_iam_role_arn,
           created_at = excluded.created_at,
           ready_at = excluded.ready_at;
    DELETE FROM redshift_iam.catalog_cluster_iam_roles r
     WHERE r.account_id = v_account AND r.region = v_region
       AND r.cluster_identifier = v_c->>'identifier';
    INSERT INTO redshift_iam.catalog_cluster_iam_roles
           (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
    SELECT v_account, v_region, v_c->>'identifier', r.e->>'arn', r.e->>'status', r.o::integer, v_now,
           CASE WHEN r.e->>'status' = 'in-sync' THEN v_now ELSE v_ready END
      FROM jsonb_array_elements(v_c->'roles') WITH ORDINALITY AS r(e, o);
    v_n := v_n + 1;
  END LOOP;
  RETURN v_n;
END
$$;

-- the status rule is inlinable (no SET clause; its body is schema-qualified)
ALTER FUNCTION redshift_iam._effective_apply_status(text, timestamptz) RESET search_path;
ALTER FUNCTION redshift_iam._effective_cluster_status(text, timestamptz) RESET search_path;
