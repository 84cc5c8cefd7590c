-- redshift_iam upgrade script 0.2.0 -> 0.3.0.
--
-- Whoever changes an object of extension/parts writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh upgrades from
-- every release and fails on any difference from a fresh install.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.3.0'" to load this file. \quit

-- apply_pending_changes() counts only the transitions still pending by the clock
CREATE OR REPLACE FUNCTION redshift_iam._materialize(account_id text, region text, cluster_identifier text, force boolean)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_now timestamptz;
  v_pending integer := 0;
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
  -- the clock once the locks are held: a change that another call made
  -- while this one waited is judged by the time it is read
  v_now := clock_timestamp();
  -- Forced, the transitions still pending by the clock are the ones this
  -- call completes; those already complete by the clock are only stored.
  IF $4 THEN
    SELECT count(*) INTO v_pending
      FROM redshift_iam.catalog_cluster_iam_roles r
     WHERE r.account_id = $1 AND r.region = $2
       AND ($3 IS NULL OR r.cluster_identifier = $3)
       AND r.state IN ('adding', 'removing') AND r.ready_at > v_now;
    SELECT v_pending + count(*) INTO v_pending
      FROM redshift_iam.catalog_clusters c
     WHERE c.account_id = $1 AND c.region = $2
       AND ($3 IS NULL OR c.cluster_identifier = $3)
       AND c.status = 'creating' AND c.ready_at > v_now;
  END IF;
  -- finished removals disappear
  DELETE FROM redshift_iam.catalog_cluster_iam_roles r
   WHERE r.account_id = $1 AND r.region = $2
     AND ($3 IS NULL OR r.cluster_identifier = $3)
     AND r.state = 'removing'
     AND ($4 OR r.ready_at <= v_now);
  -- finished additions are in-sync
  UPDATE redshift_iam.catalog_cluster_iam_roles r
     SET state = 'in-sync', ready_at = least(r.ready_at, v_now)
   WHERE r.account_id = $1 AND r.region = $2
     AND ($3 IS NULL OR r.cluster_identifier = $3)
     AND r.state = 'adding'
     AND ($4 OR r.ready_at <= v_now);
  -- created clusters are available
  UPDATE redshift_iam.catalog_clusters c
     SET status = 'available', ready_at = least(c.ready_at, v_now)
   WHERE c.account_id = $1 AND c.region = $2
     AND ($3 IS NULL OR c.cluster_identifier = $3)
     AND c.status = 'creating'
     AND ($4 OR c.ready_at <= v_now);
  RETURN v_pending;
END
$$;
COMMENT ON FUNCTION redshift_iam._materialize(text, text, text, boolean) IS
  'Internal: store the transitions that are complete by the clock (with force, every pending one) for one cluster, or all of an account and region when cluster_identifier is NULL; returns how many were still pending by the clock (0 without force)';

-- the quota stops only calls that add roles
CREATE OR REPLACE FUNCTION redshift_iam.modify_cluster_iam_roles(
    cluster_identifier text,
    add_iam_roles text[] DEFAULT '{}'::pg_catalog.text[],
    remove_iam_roles text[] DEFAULT '{}'::pg_catalog.text[],
    default_iam_role_arn text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'ModifyClusterIamRoles';
  v_id text := $1;
  v_add text[] := redshift_iam._dedup($2);
  v_remove text[] := redshift_iam._dedup($3);
  v_default text := $4;            -- NULL: unchanged; '': clear
  v_account text;
  v_region text := redshift_iam._region();
  v_arn text;
  v_role text;
  v_status text;
  v_cur_default text;
  v_current text[];                -- adding or in-sync
  v_all text[];                    -- adding, in-sync or removing
  v_new integer;
  v_max integer := redshift_iam._max_roles_per_cluster();
  v_now timestamptz;
  v_ready timestamptz;
BEGIN
  PERFORM redshift_iam._check_cluster_identifier(v_id, op) WHERE v_id IS NULL;
  v_account := redshift_iam._caller_account();
  v_arn := redshift_iam._cluster_arn(v_account, v_region, v_id);
  v_account := redshift_iam._authorize('redshift:ModifyClusterIamRoles', v_arn,
                                       v_add || CASE WHEN nullif(v_default, '') IS NULL THEN '{}'::text[] ELSE ARRAY[v_default] END, v_arn);
  v_arn := redshift_iam._cluster_arn(v_account, v_region, v_id);

  -- parameters first
  FOREACH v_role IN ARRAY v_add LOOP
    PERFORM redshift_iam._check_role_arn(v_role, op, v_account);
  END LOOP;
  FOREACH v_role IN ARRAY v_remove LOOP
    PERFORM redshift_iam._check_role_arn(v_role, op, NULL);
  END LOOP;
  IF nullif(v_default, '') IS NOT NULL THEN
    PERFORM redshift_iam._check_role_arn(v_default, op, v_account);
  END IF;
  SELECT x INTO v_role FROM unnest(v_add) AS x WHERE x = ANY (v_remove) LIMIT 1;
  IF FOUND THEN
    PERFORM redshift_iam._aws_error('22023', 'InvalidParameterCombination', op,
      format('The IAM role %s cannot be both added and removed in the same request.', v_role),
      'Name each role in add_iam_roles or in remove_iam_roles, not in both.');
  END IF;

  -- then the cluster
  SELECT c.status INTO v_status
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id
     FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM redshift_iam._aws_error('42704', 'ClusterNotFound', op,
      format('Cluster %s not found.', v_id),
      format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
             v_account, v_region));
  END IF;
  PERFORM redshift_iam._materialize(v_account, v_region, v_id, false);
  SELECT c.status, c.default_iam_role_arn INTO v_status, v_cur_default
    FROM redshift_iam.catalog_clusters c
   WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  IF v_status <> 'available' THEN
    PERFORM redshift_iam._aws_error('55000', 'InvalidClusterState', op,
      'The specified cluster is not in the available state.',
      format('Cluster %s is %s; wait until describe_clusters() shows it available (redshift_iam.apply_delay), or run redshift_iam.apply_pending_changes().',
             v_id, v_status));
  END IF;

  SELECT coalesce(array_agg(r.iam_role_arn) FILTER (WHERE r.state <> 'removing'), '{}'),
         coalesce(array_agg(r.iam_role_arn), '{}')
    INTO v_current, v_all
    FROM redshift_iam.catalog_cluster_iam_roles r
   WHERE r.account_id = v_account AND r.region = v_region AND r.cluster_identifier = v_id;

  FOREACH v_role IN ARRAY v_remove LOOP
    IF NOT v_role = ANY (v_all) THEN
      PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
        format('The IAM role %s is not associated with cluster %s.', v_role, v_id),
        format('redshift_iam.describe_clusters(%L) lists the roles associated with the cluster.', v_id));
    END IF;
  END LOOP;
  IF nullif(v_default, '') IS NOT NULL
     AND (NOT v_default = ANY (v_current || v_add) OR v_default = ANY (v_remove)) THEN
    PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
      'The list of Amazon Resource Names (ARNs) for customer roles should contain the ARN of the default IAM role when a default is specified.',
      'The default role must be associated with the cluster, or added in the same call, and not removed.');
  END IF;
  SELECT count(*) INTO v_new FROM unnest(v_add) AS x WHERE NOT x = ANY (v_all);
  -- only a call that adds roles can exceed the quota: one that removes roles
  -- or sets the default must work on a cluster above a lowered quota
  IF v_new > 0 AND cardinality(v_all) + v_new > v_max THEN
    PERFORM redshift_iam._aws_error('54000', 'LimitExceededFault', op,
      format('A cluster can have at most %s IAM roles associated; cluster %s has %s and the request adds %s.',
             v_max, v_id, cardinality(v_all), v_new),
      'Roles in adding, in-sync and removing all count; remove roles and wait for the removal to finish, or ask a superuser to raise redshift_iam.max_roles_per_cluster.');
  END IF;

  -- everything checked: change
  v_now := clock_timestamp();
  v_ready := v_now + redshift_iam._apply_delay();
  UPDATE redshift_iam.catalog_cluster_iam_roles r
     SET state = 'adding', requested_at = v_now, ready_at = v_ready
   WHERE r.account_id = v_account AND r.region = v_region AND r.cluster_identifier = v_id
     AND r.iam_role_arn = ANY (v_add) AND r.state = 'removing';
  INSERT INTO redshift_iam.catalog_cluster_iam_roles
         (account_id, region, cluster_identifier, iam_role_arn, state, ordinal, requested_at, ready_at)
  SELECT v_account, v_region, v_id, u.arn, 'adding',
         coalesce((SELECT max(r.ordinal) FROM redshift_iam.catalog_cluster_iam_roles r
                    WHERE r.account_id = v_account AND r.region = v_region
                      AND r.cluster_identifier = v_id), 0) + u.o::integer,
         v_now, v_ready
    FROM unnest(v_add) WITH ORDINALITY AS u(arn, o)
   WHERE NOT u.arn = ANY (v_all);
  UPDATE redshift_iam.catalog_cluster_iam_roles r
     SET state = 'removing', requested_at = v_now, ready_at = v_ready
   WHERE r.account_id = v_account AND r.region = v_region AND r.cluster_identifier = v_id
     AND r.iam_role_arn = ANY (v_remove) AND r.state <> 'removing';
  IF v_default IS NOT NULL THEN
    UPDATE redshift_iam.catalog_clusters c SET default_iam_role_arn = nullif(v_default, '')
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  ELSIF v_cur_default = ANY (v_remove) THEN
    -- removing the default role clears the default
    UPDATE redshift_iam.catalog_clusters c SET default_iam_role_arn = NULL
     WHERE c.account_id = v_account AND c.region = v_region AND c.cluster_identifier = v_id;
  END IF;

  RETURN jsonb_build_object('Cluster', redshift_iam._cluster_json(v_account, v_region, v_id));
END
$$;
COMMENT ON FUNCTION redshift_iam.modify_cluster_iam_roles(text, text[], text[], text) IS
  'ModifyClusterIamRoles: associate (adding, then in-sync) and disassociate (removing, then gone) IAM roles and set (''''= clear, NULL = keep) the default role of an available cluster; returns {"Cluster": {...}}';

-- an empty marker is no marker, also next to a cluster identifier
CREATE OR REPLACE FUNCTION redshift_iam.describe_clusters(
    cluster_identifier text DEFAULT NULL,
    max_records integer DEFAULT NULL,
    marker text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  op constant text := 'DescribeClusters';
  v_id text := $1;
  v_max integer := coalesce($2, 100);
  v_after text := '';
  v_account text;
  v_region text := redshift_iam._region();
  v_arn text;
  v_ids text[];
  v_result jsonb;
BEGIN
  v_account := redshift_iam._caller_account();
  v_arn := CASE WHEN v_id IS NULL THEN NULL
                ELSE redshift_iam._cluster_arn(v_account, v_region, v_id) END;
  v_account := redshift_iam._authorize('redshift:DescribeClusters', coalesce(v_arn, '*'), '{}', v_arn);

  -- an empty marker is no marker, here as when paging below
  IF v_id IS NOT NULL AND $3 IS NOT NULL AND $3 <> '' THEN
    PERFORM redshift_iam._aws_error('22023', 'InvalidParameterCombination', op,
      'A marker cannot be specified together with a cluster identifier.',
      'Give either cluster_identifier or marker.');
  END IF;
  IF v_max < 20 OR v_max > 100 THEN
    PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
      format('MaxRecords must be between 20 and 100; %s is not.', v_max),
      'Leave max_records NULL for the default of 100.');
  END IF;

  IF v_id IS NOT NULL THEN
    v_result := redshift_iam._cluster_json(v_account, v_region, v_id);
    IF v_result IS NULL THEN
      PERFORM redshift_iam._aws_error('42704', 'ClusterNotFound', op,
        format('Cluster %s not found.', v_id),
        format('redshift_iam.describe_clusters() lists the clusters of account %s in region %s (redshift_iam.region).',
               v_account, v_region));
    END IF;
    RETURN jsonb_build_object('Clusters', jsonb_build_array(v_result));
  END IF;

  IF $3 IS NOT NULL AND $3 <> '' THEN
    -- the marker is opaque to callers: base64 of "rsi1:" and the last identifier shown
    BEGIN
      v_after := convert_from(decode($3, 'base64'), 'UTF8');
    EXCEPTION WHEN OTHERS THEN
      v_after := NULL;
    END;
    IF v_after IS NULL OR left(v_after, 5) <> 'rsi1:'
       OR redshift_iam._cluster_identifier_problem(substr(v_after, 6)) IS NOT NULL THEN
      PERFORM redshift_iam._aws_error('22023', 'InvalidParameterValue', op,
        format('Invalid marker: %s', $3),
        'Pass back the Marker of the previous describe_clusters() result unchanged.');
    END IF;
    v_after := substr(v_after, 6);
  END IF;

  SELECT coalesce(array_agg(s.cluster_identifier ORDER BY s.cluster_identifier), '{}')
    INTO v_ids
    FROM (SELECT c.cluster_identifier
            FROM redshift_iam.catalog_clusters c
           WHERE c.account_id = v_account AND c.region = v_region
             AND c.cluster_identifier > v_after
           ORDER BY c.cluster_identifier
           LIMIT v_max + 1) AS s;

  SELECT jsonb_build_object('Clusters', coalesce(jsonb_agg(redshift_iam._cluster_json(v_account, v_region, x) ORDER BY o), '[]'))
    INTO v_result
    FROM unnest(v_ids[1:v_max]) WITH ORDINALITY AS u(x, o);
  IF cardinality(v_ids) > v_max THEN
    v_result := v_result || jsonb_build_object('Marker',
      translate(encode(convert_to('rsi1:' || v_ids[v_max], 'UTF8'), 'base64'), E'\n', ''));
  END IF;
  RETURN v_result;
END
$$;
COMMENT ON FUNCTION redshift_iam.describe_clusters(text, integer, text) IS
  'DescribeClusters: {"Clusters": [...], "Marker": ...} for the current account and region, ordered by identifier; max_records 20-100 (default 100); pass Marker back for the next page; cluster_identifier and marker not together';

-- cluster ARNs carry the partition of their region
CREATE FUNCTION redshift_iam._partition(region text)
RETURNS text AS 'MODULE_PATHNAME', 'rsi_sql_partition'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION redshift_iam._partition(text) IS
  'The partition of a region (aws, aws-cn, aws-us-gov, aws-iso, ...): the partition of its cluster ARNs and of the roles its clusters can use';

CREATE OR REPLACE FUNCTION redshift_iam._cluster_arn(account_id text, region text, cluster_identifier text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT 'arn:' OPERATOR(pg_catalog.||) redshift_iam._partition($2) OPERATOR(pg_catalog.||) ':redshift:'
         OPERATOR(pg_catalog.||) $2 OPERATOR(pg_catalog.||) ':'
         OPERATOR(pg_catalog.||) $1 OPERATOR(pg_catalog.||) ':cluster:' OPERATOR(pg_catalog.||) $3
$$;
COMMENT ON FUNCTION redshift_iam._cluster_arn(text, text, text) IS
  'The cluster ARN arn:<partition>:redshift:<region>:<account>:cluster:<identifier>, in the partition of the region';

