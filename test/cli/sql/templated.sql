-- an ETL script before rendering: Airflow/dbt Jinja, envsubst, psql
COPY t FROM 's3://b/x' IAM_ROLE '{{ var.value.etl_role }}' CSV;
COPY t FROM 's3://b/x' IAM_ROLE '${ETL_ROLE_ARN}' CSV;
COPY t FROM 's3://b/x' IAM_ROLE :'etl_role' CSV;
COPY {{ params.schema }}.stage_{{ ds_nodash }} FROM 's3://b/{{ ds }}/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' CSV;
COPY t FROM 's3://b/x' {{ copy_auth }} CSV;
UNLOAD ('select * from t where ds = ''{{ ds }}''') TO 's3://b/$EXPORT_PREFIX/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';
{% if env == 'prod' %}
COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole' CSV;
{% endif %}
