
/* ---- indexes for the views (0.2.0) ---- */

/*
 * The views show text in the database's default collation (so that users
 * can compare their rows with ordinary text), while the tables' keys are
 * "C".  A filter on a view column therefore cannot use the primary keys;
 * these indexes, in the default collation, serve such filters, e.g.
 * SELECT ... FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'x'.
 */
CREATE INDEX catalog_cluster_iam_roles_for_view
    ON redshift_iam.catalog_cluster_iam_roles
       (cluster_identifier COLLATE pg_catalog."default", iam_role_arn COLLATE pg_catalog."default",
        account_id COLLATE pg_catalog."default", region COLLATE pg_catalog."default");
COMMENT ON INDEX redshift_iam.catalog_cluster_iam_roles_for_view IS
  'Serves filters on the view cluster_iam_roles (default collation; the primary key is "C")';

CREATE INDEX catalog_clusters_for_view
    ON redshift_iam.catalog_clusters
       (cluster_identifier COLLATE pg_catalog."default", account_id COLLATE pg_catalog."default",
        region COLLATE pg_catalog."default");
COMMENT ON INDEX redshift_iam.catalog_clusters_for_view IS
  'Serves filters on the view clusters (default collation; the primary key is "C")';
