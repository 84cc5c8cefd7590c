
/* ======================================================================
 * Access keys of IAM users, for redshift-iam-endpoint (docs/endpoint.md)
 *
 * Like IAM's CreateAccessKey, create_access_key returns a new key ID
 * (AKIA...) and its secret once; list_access_keys never shows secrets.
 * The endpoint verifies AWS Signature Version 4 with the secret, so the
 * secret is kept in clear text (a hash could not verify an HMAC): it is
 * readable by superusers, by the owner of the extension's tables, and by
 * any role a superuser grants SELECT on redshift_iam.catalog_access_keys
 * (the endpoint's connection role).  The table is part of pg_dump's output
 * (pg_extension_config_dump), so a dump holds every secret.
 *
 * Writers are for superusers only, like the principal writers: REVOKEd
 * from PUBLIC and refusing any caller that is not a superuser.
 *
 * Acting as a key's principal: the setting redshift_iam.caller_access_key
 * (PGC_SUSET: superusers, and roles granted SET ON PARAMETER, may set it)
 * makes the management functions act as the principal of that active key
 * (src/pg/authz.c); the endpoint sets it per transaction after verifying
 * the request's signature.
 * ====================================================================== */

CREATE TABLE redshift_iam.catalog_access_keys (
    access_key_id      text COLLATE "C" NOT NULL PRIMARY KEY,
    principal_arn      text COLLATE "C" NOT NULL,
    secret_access_key  text NOT NULL,
    status             text NOT NULL
        CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['Active', 'Inactive']::pg_catalog.text[])),
    created_at         timestamptz NOT NULL
);
CREATE INDEX catalog_access_keys_principal ON redshift_iam.catalog_access_keys (principal_arn);
COMMENT ON INDEX redshift_iam.catalog_access_keys_principal IS
  'The access keys of one user, for list_access_keys and the two-key quota of create_access_key';
COMMENT ON TABLE redshift_iam.catalog_access_keys IS
  'Access keys of IAM users with their secrets in clear text (SigV4 needs them to verify signatures): readable by superusers and roles granted SELECT (the endpoint''s connection role); pg_dump output holds them. Written only by create_access_key, update_access_key and delete_access_key.';

REVOKE ALL ON TABLE redshift_iam.catalog_access_keys FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('redshift_iam.catalog_access_keys', '');

CREATE FUNCTION redshift_iam.create_access_key(principal_arn text)
RETURNS TABLE (access_key_id text, secret_access_key text, user_arn text, status text, create_date timestamptz)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_type text;
  v_id text;
  v_secret text;
  v_now timestamptz := date_trunc('seconds', clock_timestamp());
  v_alphabet constant text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  v_bytes bytea;
  i integer;
BEGIN
  PERFORM redshift_iam_internal._require_superuser('create access keys');
  v_type := redshift_iam_internal._check_principal_arn($1);
  IF v_type <> 'user' THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', 'CreateAccessKey',
      format('Access keys belong to IAM users; %s is a role.', redshift_iam_internal._excerpt($1, 256)),
      'Create the key for an IAM user ARN (arn:aws:iam::<account>:user/<name>).');
  END IF;
  -- IAM's quota: two access keys per user
  PERFORM 1 FROM redshift_iam.catalog_access_keys k WHERE k.principal_arn = $1 FOR UPDATE;
  IF (SELECT count(*) FROM redshift_iam.catalog_access_keys k WHERE k.principal_arn = $1) >= 2 THEN
    PERFORM redshift_iam_internal._aws_error('54000', 'LimitExceeded', 'CreateAccessKey',
      'Cannot exceed quota for AccessKeysPerUser: 2',
      format('Delete a key first: SELECT access_key_id FROM redshift_iam.list_access_keys(%L);', $1));
  END IF;
  LOOP
    -- gen_random_uuid() draws from the server's strong random source;
    -- 16 bytes of it become 16 base32 characters after AKIA
    v_bytes := decode(replace(gen_random_uuid()::text, '-', ''), 'hex');
    v_id := 'AKIA';
    FOR i IN 0..15 LOOP
      v_id := v_id || substr(v_alphabet, (get_byte(v_bytes, i) % 32) + 1, 1);
    END LOOP;
    EXIT WHEN NOT EXISTS (SELECT 1 FROM redshift_iam.catalog_access_keys k WHERE k.access_key_id = v_id);
  END LOOP;
  -- 40 characters of base64 from 32 random bytes, as IAM's secrets look
  v_secret := left(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
                          'base64'), 40);
  INSERT INTO redshift_iam.catalog_access_keys AS k
         (access_key_id, principal_arn, secret_access_key, status, created_at)
  VALUES (v_id, $1, v_secret, 'Active', v_now);
  RETURN QUERY SELECT v_id, v_secret, $1, 'Active'::text, v_now;
END
$$;
COMMENT ON FUNCTION redshift_iam.create_access_key(text) IS
  'Superusers: a new access key (AKIA...) of an IAM user, like IAM''s CreateAccessKey; the secret is shown here once (list_access_keys never shows it); at most two keys per user';

CREATE FUNCTION redshift_iam.update_access_key(access_key_id text, status text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._require_superuser('update access keys');
  IF $2 IS NULL OR $2 NOT IN ('Active', 'Inactive') THEN
    PERFORM redshift_iam_internal._aws_error('22023', 'ValidationError', 'UpdateAccessKey',
      format('Value %s at ''status'' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]',
             coalesce(quote_literal(redshift_iam_internal._excerpt($2, 64)), 'null')));
  END IF;
  UPDATE redshift_iam.catalog_access_keys k SET status = $2 WHERE k.access_key_id = $1;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', 'UpdateAccessKey',
      format('The Access Key with id %s cannot be found.', redshift_iam_internal._excerpt($1, 128)));
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.update_access_key(text, text) IS
  'Superusers: make an access key Active or Inactive, like IAM''s UpdateAccessKey; an inactive key is refused by the endpoint (InvalidClientTokenId)';

CREATE FUNCTION redshift_iam.delete_access_key(access_key_id text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._require_superuser('delete access keys');
  DELETE FROM redshift_iam.catalog_access_keys k WHERE k.access_key_id = $1;
  IF NOT FOUND THEN
    PERFORM redshift_iam_internal._aws_error('42704', 'NoSuchEntity', 'DeleteAccessKey',
      format('The Access Key with id %s cannot be found.', redshift_iam_internal._excerpt($1, 128)));
  END IF;
END
$$;
COMMENT ON FUNCTION redshift_iam.delete_access_key(text) IS
  'Superusers: delete an access key, like IAM''s DeleteAccessKey; requests signed with it fail at once (InvalidClientTokenId)';

CREATE FUNCTION redshift_iam.list_access_keys(principal_arn text DEFAULT NULL)
RETURNS TABLE (access_key_id text, user_arn text, status text, create_date timestamptz)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM redshift_iam_internal._require_superuser('list access keys');
  RETURN QUERY
    SELECT k.access_key_id, k.principal_arn, k.status, k.created_at
      FROM redshift_iam.catalog_access_keys k
     WHERE $1 IS NULL OR k.principal_arn = $1
     ORDER BY k.principal_arn, k.created_at, k.access_key_id;
END
$$;
COMMENT ON FUNCTION redshift_iam.list_access_keys(text) IS
  'Superusers: the access keys of one IAM user (or of all), like IAM''s ListAccessKeys: ID, user, status, creation time; never the secret';

REVOKE ALL ON FUNCTION redshift_iam.create_access_key(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.update_access_key(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.delete_access_key(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION redshift_iam.list_access_keys(text) FROM PUBLIC;
