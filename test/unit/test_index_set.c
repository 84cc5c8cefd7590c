/*
 * test_index_set.c — the index set the readers use to reject an item
 * listed twice, and those rules on long listings: the earliest equal item
 * is named, items that differ only in a part are not equal, colliding
 * hashes are told apart by the comparison, and the work is linear (counted
 * in comparisons, not timed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/describe.h"
#include "cluster/namespace.h"
#include "util/index_set.h"
#include "tap.h"

static long n_eq;

/* keys[i] as the items' keys */
static int
eq_keys(const void *ctx, size_t a, size_t b)
{
	const char *const *keys = ctx;

	n_eq++;
	return strcmp(keys[a], keys[b]) == 0;
}

static void
test_set(void)
{
	enum
	{
	N = 100000};
	static char buf[N][16];
	static const char *keys[N + 1];
	rsi_index_set set;
	size_t		i,
				first_dup = SIZE_MAX,
				got = 0;
	int			init;

	for (i = 0; i < N; i++)
	{
		snprintf(buf[i], sizeof(buf[i]), "k%zu", i);
		keys[i] = buf[i];
	}
	init = rsi_index_set_init(&set, N + 1);
	TAP_IS_INT(init, 0, "init for %d items", N + 1);
	n_eq = 0;
	for (i = 0; i < N && first_dup == SIZE_MAX; i++)
		first_dup = rsi_index_set_find_add(&set, rsi_hash_str(RSI_HASH_INIT, keys[i]), i, eq_keys, keys);
	TAP_OK(first_dup == SIZE_MAX, "%d distinct keys: none found twice", N);
	/* half full at most: a probe meets few others; a pairwise check makes N*(N-1)/2 */
	TAP_OK(n_eq < N, "%d distinct keys: %ld comparisons (fewer than %d)", N, n_eq, N);
	keys[N] = "k77777";
	got = rsi_index_set_find_add(&set, rsi_hash_str(RSI_HASH_INIT, keys[N]), N, eq_keys, keys);
	TAP_IS_INT(got, 77777, "a key again: the earlier index");
	rsi_index_set_free(&set);

	/* every hash the same: the comparison decides, and the first is kept */
	{
		const char *k[] = {"a", "b", "a", "b", "c", "a"};
		size_t		want[] = {SIZE_MAX, SIZE_MAX, 0, 1, SIZE_MAX, 0};
		int			all = 1;

		rsi_index_set_init(&set, 6);
		for (i = 0; i < 6; i++)
			if (rsi_index_set_find_add(&set, 42, i, eq_keys, k) != want[i])
				all = 0;
		TAP_OK(all, "one hash for every key: equal keys found, the first one named");
		rsi_index_set_free(&set);
	}
	TAP_OK(rsi_hash_str(rsi_hash_str(RSI_HASH_INIT, "ab"), "c") !=
		   rsi_hash_str(rsi_hash_str(RSI_HASH_INIT, "a"), "bc"), "parts are separated in the hash");
	TAP_OK(rsi_hash_str(RSI_HASH_INIT, NULL) != rsi_hash_str(RSI_HASH_INIT, ""), "NULL and \"\" hash apart");
}

/* a describe-clusters document of n clusters, one repeated at the end */
static char *
clusters_doc(size_t n, size_t dup_of, const char *dup_region)
{
	size_t		cap = n * 200 + 512,
				len = 0,
				i;
	char	   *s = malloc(cap);

	len += snprintf(s + len, cap - len, "{\"Clusters\": [");
	for (i = 0; i < n; i++)
		len += snprintf(s + len, cap - len,
						"%s{\"ClusterIdentifier\": \"c%zu\", \"NodeType\": \"ra3.4xlarge\", "
						"\"NumberOfNodes\": 2, \"AvailabilityZone\": \"us-east-1a\"}", i ? ", " : "", i);
	if (dup_of != SIZE_MAX)
		len += snprintf(s + len, cap - len,
						", {\"ClusterIdentifier\": \"c%zu\", \"NodeType\": \"ra3.4xlarge\", "
						"\"NumberOfNodes\": 2, \"AvailabilityZone\": \"%s\"}", dup_of, dup_region);
	snprintf(s + len, cap - len, "]}");
	return s;
}

static void
test_describe(void)
{
	rsi_describe_options opt;
	rsi_describe_doc doc;
	char		err[512];
	char	   *s;
	int			rc;

	memset(&opt, 0, sizeof(opt));
	opt.default_account = "123456789012";
	opt.default_region = "us-east-1";

	s = clusters_doc(20000, 12345, "us-east-1b");
	rc = rsi_describe_parse(s, strlen(s), &opt, &doc, err, sizeof(err));
	TAP_IS_INT(rc, -1, "20,000 clusters and one again: refused");
	TAP_IS_STR(err, "Clusters[20000].ClusterIdentifier: cluster c12345 is listed twice (also Clusters[12345])",
			   "20,000 clusters: the repeated one and its first place named");
	free(s);

	s = clusters_doc(20000, 12345, "us-west-2a");
	rc = rsi_describe_parse(s, strlen(s), &opt, &doc, err, sizeof(err));
	TAP_IS_INT(rc, 0, "the same identifier in another region is another cluster");
	if (rc == 0)
	{
		TAP_IS_INT(doc.n_clusters, 20001, "20,001 clusters read");
		rsi_describe_free(&doc);
	}
	free(s);

	/* 5,000 roles on one cluster (no quota set), the first one again at the end */
	{
		size_t		n = 5000,
					cap = n * 120 + 512,
					len = 0,
					i;

		s = malloc(cap);
		len += snprintf(s + len, cap - len,
						"{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"ra3.4xlarge\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [");
		for (i = 0; i <= n; i++)
			len += snprintf(s + len, cap - len,
							"%s{\"IamRoleArn\": \"arn:aws:iam::123456789012:role/R%zu\", \"ApplyStatus\": \"in-sync\"}",
							i ? ", " : "", i == n ? 7 : i);
		snprintf(s + len, cap - len, "]}]}");
		rc = rsi_describe_parse(s, strlen(s), &opt, &doc, err, sizeof(err));
		TAP_IS_INT(rc, -1, "5,001 roles, one of them twice: refused");
		TAP_IS_STR(err, "Clusters[0].IamRoles[5000].IamRoleArn: the role is listed twice (also Clusters[0].IamRoles[7])",
				   "5,001 roles: the repeated role and its first place named");
		free(s);
	}
}

static void
test_serverless(void)
{
	rsi_serverless_doc doc;
	char		err[512];
	size_t		n = 3000,
				cap = n * 200 + 512,
				len = 0,
				i;
	char	   *s = malloc(cap);
	int			rc;

	len += snprintf(s + len, cap - len, "{\"namespaces\": [");
	for (i = 0; i <= n; i++)
		len += snprintf(s + len, cap - len,
						"%s{\"namespaceName\": \"ns%zu\", \"namespaceArn\": "
						"\"arn:aws:redshift-serverless:us-east-1:123456789012:namespace/%08zu-0000-0000-0000-000000000000\"}",
						i ? ", " : "", i == n ? (size_t) 1234 : i, i);
	snprintf(s + len, cap - len, "]}");
	rc = rsi_serverless_parse(s, strlen(s), &doc, err, sizeof(err));
	TAP_IS_INT(rc, -1, "3,001 namespaces, one of them twice: refused");
	TAP_IS_STR(err, "namespaces[3000].namespaceName: namespace ns1234 is listed twice (also namespaces[1234])",
			   "3,001 namespaces: the repeated one and its first place named");
	free(s);
}

int
main(void)
{
	test_set();
	test_describe();
	test_serverless();
	return tap_done();
}
