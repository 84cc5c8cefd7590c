/*
 * test_endpoint.c — unit tests of redshift-iam-endpoint's pure parts:
 * form parsing (form.c), SigV4 (sigv4.c), the error mapping (awserr.c),
 * the XML writer (xmlout.c) and request planning (actions.c).  No server,
 * no database.  Built by `make test/endpoint/test_endpoint.bin`; run by
 * test/host/endpoint_unit.sh.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions.h"
#include "awserr.h"
#include "form.h"
#include "sigv4.h"
#include "tap.h"
#include "xmlout.h"

#define EXAMPLE_KEY "AKIDEXAMPLE"
#define EXAMPLE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

static const char *
form_why(const char *body)
{
	static char why[256];
	ep_form		f;
	const char *r = ep_form_parse(body, strlen(body), &f, why, sizeof(why));

	ep_form_free(&f);
	return r;
}

static void
test_form(void)
{
	ep_form		f;
	char		why[256];
	const char **list;
	size_t		n;
	const char *body = "Action=CreateCluster&Version=2012-12-01&Name=a+b%2Bc%20d&&IamRoles.IamRoleArn.2=second"
		"&IamRoles.IamRoleArn.1=first&Empty=&Bare";

	TAP_OK(ep_form_parse(body, strlen(body), &f, why, sizeof(why)) == NULL, "form: a Query body parses");
	TAP_IS_STR(ep_form_get(&f, "Action"), "CreateCluster", "form: Action");
	TAP_IS_STR(ep_form_get(&f, "Name"), "a b+c d", "form: '+' is a space, %%2B a plus, %%20 a space");
	TAP_IS_STR(ep_form_get(&f, "Empty"), "", "form: an empty value");
	TAP_IS_STR(ep_form_get(&f, "Bare"), "", "form: a name without '=' has the empty value");
	TAP_OK(ep_form_get(&f, "Missing") == NULL, "form: an absent name is NULL");
	list = ep_form_list(&f, "IamRoles.IamRoleArn", &n);
	TAP_OK(list && n == 2 && strcmp(list[0], "first") == 0 && strcmp(list[1], "second") == 0,
		   "form: a list in index order, whatever the order on the wire");
	free(list);
	list = ep_form_list(&f, "AddIamRoles.IamRoleArn", &n);
	TAP_OK(list == NULL && n == 0, "form: an absent list");
	ep_form_free(&f);

	body = "L.1=a&L.3=b";
	ep_form_parse(body, strlen(body), &f, why, sizeof(why));
	list = ep_form_list(&f, "L", &n);
	TAP_OK(list == NULL && n == (size_t) -1, "form: a list with a gap is refused");
	ep_form_free(&f);
	body = "L.01=a";
	ep_form_parse(body, strlen(body), &f, why, sizeof(why));
	list = ep_form_list(&f, "L", &n);
	TAP_OK(list == NULL && n == (size_t) -1, "form: a list index with a leading zero is refused");
	ep_form_free(&f);

	TAP_OK(form_why("A=%ZZ") != NULL, "form: malformed percent-encoding is refused");
	TAP_OK(form_why("A=%4") != NULL, "form: a truncated escape is refused");
	TAP_OK(form_why("A=a%00b") != NULL, "form: NUL in a value is refused");
	TAP_OK(form_why("A=%FF") != NULL, "form: invalid UTF-8 is refused");
	TAP_OK(form_why("=x") != NULL, "form: a parameter without a name is refused");
	TAP_OK(form_why("A=1&A=2") != NULL && strstr(form_why("A=1&A=2"), "A appears more than once"),
		   "form: a duplicate is refused, naming it");
	TAP_OK(form_why("A%3D=1&A%3d=2") != NULL, "form: duplicates are found after decoding");
	{
		char	   *big = malloc(EP_FORM_MAX_PARAMS * 12 + 16);
		size_t		i,
					len = 0;

		for (i = 0; i <= EP_FORM_MAX_PARAMS; i++)
			len += (size_t) sprintf(big + len, "%sP%zu=1", i ? "&" : "", i);
		TAP_OK(form_why(big) != NULL && strstr(form_why(big), "more than"), "form: more than %d parameters are refused",
			   EP_FORM_MAX_PARAMS);
		free(big);
	}
	TAP_OK(form_why("") == NULL, "form: an empty body has no parameters");
}

static ep_sigv4_status
parse_at(const ep_http_request *r, const char *region, const char *service, time_t now, ep_sigv4_auth *a,
		 char *why)
{
	return ep_sigv4_parse(r, region, service, now, EP_SIGV4_MAX_SKEW, a, why, 512);
}

static void
test_sigv4(void)
{
	/* AWS's SigV4 test suite, get-vanilla */
	ep_header	vh[] = {
		{"Host", "example.amazonaws.com"},
		{"X-Amz-Date", "20150830T123600Z"},
		{"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
		"SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
	};
	ep_http_request vr = {"GET", "/", NULL, vh, 3, "", 0};
	/* a DescribeClusters request signed by botocore */
	const char *body = "Action=DescribeClusters&Version=2012-12-01&ClusterIdentifier=my-redshift-cluster";
	ep_header	ph[] = {
		{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
		{"X-Amz-Date", "20261207T120000Z"},
		{"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/redshift/aws4_request, "
		"SignedHeaders=content-type;host;x-amz-date, Signature=7a1220d362ad6a0c6734ff921401c7f022a91b5637a20ad223b0d4acd0cfc0f5"},
		{"Host", "127.0.0.1:8439"},
	};
	ep_http_request pr = {"POST", "/", NULL, ph, 4, body, strlen(body)};
	ep_sigv4_auth a;
	char		why[512];
	char	   *canonical = NULL;
	time_t		t2015 = 1440938160,		/* 2015-08-30T12:36:00Z */
				t2026 = 1796644800;		/* 2026-12-07T12:00:00Z */

	TAP_IS_INT(parse_at(&vr, "us-east-1", "service", t2015, &a, why), EP_SIGV4_OK, "sigv4: get-vanilla parses");
	TAP_IS_STR(a.key_id, "AKIDEXAMPLE", "sigv4: the key ID");
	TAP_IS_INT(ep_sigv4_verify(&vr, &a, EXAMPLE_SECRET, why, sizeof(why)), EP_SIGV4_OK,
			   "sigv4: AWS's get-vanilla signature verifies");
	ep_sigv4_string_to_sign(&vr, &a, &canonical, NULL);
	TAP_IS_STR(canonical, "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
			   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			   "sigv4: get-vanilla's canonical request");
	free(canonical);
	TAP_IS_INT(ep_sigv4_verify(&vr, &a, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEz", why, sizeof(why)),
			   EP_SIGV4_MISMATCH, "sigv4: another secret does not verify");

	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026 + 60, &a, why), EP_SIGV4_OK, "sigv4: botocore's POST parses");
	TAP_IS_INT(ep_sigv4_verify(&pr, &a, EXAMPLE_SECRET, why, sizeof(why)), EP_SIGV4_OK,
			   "sigv4: botocore's POST signature verifies (form body, three signed headers)");
	pr.body_len--;
	TAP_IS_INT(ep_sigv4_verify(&pr, &a, EXAMPLE_SECRET, why, sizeof(why)), EP_SIGV4_MISMATCH,
			   "sigv4: a changed body does not verify");
	pr.body_len++;
	ph[3].value = "127.0.0.1:8440";
	TAP_IS_INT(ep_sigv4_verify(&pr, &a, EXAMPLE_SECRET, why, sizeof(why)), EP_SIGV4_MISMATCH,
			   "sigv4: a changed signed header does not verify");
	ph[3].value = "127.0.0.1:8439";

	TAP_IS_INT(parse_at(&pr, "eu-west-1", "redshift", t2026, &a, why), EP_SIGV4_MISMATCH, "sigv4: another region");
	TAP_OK(strstr(why, "valid region, not 'us-east-1'") != NULL, "sigv4: ... with AWS's message");
	TAP_IS_INT(parse_at(&pr, "us-east-1", "iam", t2026, &a, why), EP_SIGV4_MISMATCH, "sigv4: another service");
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026 + 301, &a, why), EP_SIGV4_MISMATCH,
			   "sigv4: a signature more than 5 minutes old");
	TAP_OK(strncmp(why, "Signature expired: 20261207T120000Z is now earlier than", 55) == 0, "sigv4: ... Signature expired");
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026 - 301, &a, why), EP_SIGV4_MISMATCH,
			   "sigv4: a signature from more than 5 minutes ahead");
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026 + 300, &a, why), EP_SIGV4_OK, "sigv4: 5 minutes is still fine");

	ph[2].value = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/redshift/aws4_request, "
		"SignedHeaders=content-type;host;x-amz-date, Signature=7a1220d362ad6a0c6734ff921401c7f022a91b5637a20ad223b0d4acd0cfc0f5";
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026, &a, why), EP_SIGV4_MISMATCH,
			   "sigv4: the scope's date differs from X-Amz-Date");
	ph[2].value = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/redshift/aws4_request, "
		"SignedHeaders=content-type;x-amz-date, Signature=7a1220d362ad6a0c6734ff921401c7f022a91b5637a20ad223b0d4acd0cfc0f5";
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026, &a, why), EP_SIGV4_MISMATCH, "sigv4: host must be signed");
	ph[2].value = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/redshift/aws4_request, "
		"SignedHeaders=host;content-type;x-amz-date, Signature=7a1220d362ad6a0c6734ff921401c7f022a91b5637a20ad223b0d4acd0cfc0f5";
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026, &a, why), EP_SIGV4_MISMATCH,
			   "sigv4: signed headers must be sorted");
	ph[2].value = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/redshift/aws4_request, "
		"SignedHeaders=content-type;host;x-amz-date, Signature=7a1220d3";
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026, &a, why), EP_SIGV4_INCOMPLETE, "sigv4: a short signature");
	ph[2].value = "AWS4-HMAC-SHA1 Credential=AKIDEXAMPLE/20261207/us-east-1/redshift/aws4_request";
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026, &a, why), EP_SIGV4_INCOMPLETE, "sigv4: another algorithm");
	ph[2].value = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/redshift";
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026, &a, why), EP_SIGV4_INCOMPLETE,
			   "sigv4: a credential without its terminator");
	ph[2].value = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/redshift/aws4_request";
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026, &a, why), EP_SIGV4_INCOMPLETE,
			   "sigv4: no SignedHeaders and no Signature");
	TAP_OK(strstr(why, "requires 'Signature'") && strstr(why, "requires 'SignedHeaders'"), "sigv4: ... both named");
	pr.nheaders = 2;
	ph[2] = ph[3];
	TAP_IS_INT(parse_at(&pr, "us-east-1", "redshift", t2026, &a, why), EP_SIGV4_MISSING, "sigv4: no Authorization header");
}

static void
test_awserr(void)
{
	ep_error	e;

	ep_error_from_sql("42704", "An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster x not found.", &e);
	TAP_OK(strcmp(e.code, "ClusterNotFound") == 0 && e.status == 404 && strcmp(e.message, "Cluster x not found.") == 0 && e.sender,
		   "awserr: the extension's ClusterNotFound is AWS's, 404");
	ep_error_from_sql("55000", "An error occurred (InvalidClusterState) when calling the ModifyClusterIamRoles operation: The specified cluster is not in the available state.", &e);
	TAP_OK(strcmp(e.code, "InvalidClusterState") == 0 && e.status == 400, "awserr: InvalidClusterState, 400");
	ep_error_from_sql("42501", "User: arn:aws:iam::123456789012:user/etl is not authorized to perform: redshift:CreateCluster on resource: r", &e);
	TAP_OK(strcmp(e.code, "AccessDenied") == 0 && e.status == 403 && strncmp(e.message, "User: arn:", 10) == 0,
		   "awserr: an IAM denial is AccessDenied, 403, with IAM's message");
	ep_error_from_sql("42501", "database role \"x\" is not mapped to an IAM principal", &e);
	TAP_OK(strcmp(e.code, "InternalFailure") == 0 && e.status == 500 && strstr(e.message, "role") == NULL,
		   "awserr: another error is InternalFailure, 500, its text not shown");
	ep_error_from_sql("28000", "access key \"AKIA\" does not exist or is not active", &e);
	TAP_OK(strcmp(e.code, "InvalidClientTokenId") == 0 && e.status == 403, "awserr: a key gone meanwhile is InvalidClientTokenId");
	ep_error_from_sql("40P01", "deadlock detected", &e);
	TAP_OK(strcmp(e.code, "ServiceUnavailable") == 0 && e.status == 503 && !e.sender, "awserr: a deadlock is ServiceUnavailable, Receiver");
	ep_error_from_sql("22023", "An error occurred (bad code!) when calling the X operation: m", &e);
	TAP_OK(strcmp(e.code, "InvalidParameterValue") == 0, "awserr: a malformed code is not trusted");
	ep_error_set(&e, "X", "a\001b");
	TAP_IS_STR(e.message, "a?b", "awserr: control characters are not XML text");
}

static void
test_xml(void)
{
	char	   *x = ep_xml_result("DescribeClusters",
								  "{\"Clusters\": [{\"ClusterIdentifier\": \"a<&>\", \"NumberOfNodes\": 2, \"IamRoles\": "
								  "[{\"IamRoleArn\": \"r\", \"ApplyStatus\": \"adding\"}]}], \"Marker\": \"m\"}", "rid");
	ep_error	e;

	TAP_OK(x && strstr(x, "<DescribeClustersResponse xmlns=\"http://redshift.amazonaws.com/doc/2012-12-01/\">"
					   "<DescribeClustersResult><Clusters><Cluster><ClusterIdentifier>a&lt;&amp;&gt;</ClusterIdentifier>"
					   "<NumberOfNodes>2</NumberOfNodes><IamRoles><ClusterIamRole><IamRoleArn>r</IamRoleArn>"
					   "<ApplyStatus>adding</ApplyStatus></ClusterIamRole></IamRoles></Cluster></Clusters>"
					   "<Marker>m</Marker></DescribeClustersResult><ResponseMetadata><RequestId>rid</RequestId>"
					   "</ResponseMetadata></DescribeClustersResponse>") != NULL,
		   "xml: a DescribeClusters result in botocore's shape, escaped");
	free(x);
	TAP_OK(ep_xml_result("X", "[1]", "r") == NULL, "xml: a result that is not an object is refused");
	ep_error_set(&e, "ClusterNotFound", "Cluster <x> not found.");
	x = ep_xml_error(&e, "rid");
	TAP_OK(x && strstr(x, "<ErrorResponse xmlns=\"http://redshift.amazonaws.com/doc/2012-12-01/\"><Error><Type>Sender</Type>"
					   "<Code>ClusterNotFound</Code><Message>Cluster &lt;x&gt; not found.</Message></Error>"
					   "<RequestId>rid</RequestId></ErrorResponse>") != NULL, "xml: an error response");
	free(x);
}

static int
plan(const char *body, ep_call *call, ep_error *err)
{
	ep_form		f;
	char		why[256];
	int			rc;

	if (ep_form_parse(body, strlen(body), &f, why, sizeof(why)) != NULL)
	{
		ep_form_free(&f);
		return -2;
	}
	rc = ep_plan(&f, call, err);
	ep_form_free(&f);
	return rc;
}

#define CREATE "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=c&NodeType=dc2.large&MasterUsername=awsuser"

static void
test_actions(void)
{
	ep_call		c;
	ep_error	e;
	int			i,
				leaked = 0;

	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&NumberOfNodes=4&IamRoles.IamRoleArn.1=r1"
					"&IamRoles.IamRoleArn.2=r2&Encrypted=true&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-1", &c, &e), 0,
			   "actions: CreateCluster with unmodelled parameters plans");
	TAP_OK(c.nparams == 6 && strcmp(c.params[0], "c") == 0 && strcmp(c.params[2], "4") == 0 &&
		   strcmp(c.params[3], "[\"r1\",\"r2\"]") == 0 && c.params[4] == NULL && c.params[5] == NULL,
		   "actions: identifier, node count, roles in order, no default, no ClusterType");
	for (i = 0; i < c.nparams; i++)
		leaked |= c.params[i] && strstr(c.params[i], "Secret99x") != NULL;
	TAP_OK(!leaked && strstr(c.sql, "Secret99x") == NULL, "actions: the master password reaches no SQL parameter");
	ep_call_free(&c);
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=secret99x", &c, &e), -1, "actions: a password without an upper-case letter");
	TAP_OK(strcmp(e.code, "InvalidParameterValue") == 0 && strstr(e.message, "secret99x") == NULL,
		   "actions: ... InvalidParameterValue, not echoing it");
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret9%40x", &c, &e), -1, "actions: a password with '@'");
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Sec9", &c, &e), -1, "actions: a password of 4 characters");
	TAP_IS_INT(plan(CREATE, &c, &e), -1, "actions: no master password");
	TAP_IS_STR(e.code, "MissingParameter", "actions: ... MissingParameter");
	/* ClusterType and NumberOfNodes reach create_cluster as given: its rules are the extension's */
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&ClusterType=multi-node", &c, &e), 0,
			   "actions: multi-node without NumberOfNodes is passed on");
	TAP_OK(c.params[2] == NULL && strcmp(c.params[5], "multi-node") == 0, "actions: ... no count, ClusterType multi-node");
	ep_call_free(&c);
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x", &c, &e), 0, "actions: neither ClusterType nor NumberOfNodes");
	TAP_OK(c.params[2] == NULL && c.params[5] == NULL, "actions: ... both NULL");
	ep_call_free(&c);
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&ClusterType=single-node&NumberOfNodes=2", &c, &e), 0,
			   "actions: single-node with 2 nodes is passed on");
	TAP_OK(strcmp(c.params[2], "2") == 0 && strcmp(c.params[5], "single-node") == 0, "actions: ... as given");
	ep_call_free(&c);
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&NumberOfNodes=-3", &c, &e), 0, "actions: a negative count is passed on");
	ep_call_free(&c);
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&NumberOfNodes=2147483648", &c, &e), -1,
			   "actions: a count beyond an integer");
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&Port=80", &c, &e), -1, "actions: port 80");
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&Encrypted=yes", &c, &e), -1, "actions: a boolean that is not one");
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&NumberOfNodes=2x", &c, &e), -1, "actions: a count that is not a number");
	TAP_IS_INT(plan(CREATE "&MasterUserPassword=Secret99x&Foo=1", &c, &e), -1, "actions: an unknown parameter");
	TAP_IS_STR(e.code, "UnknownParameter", "actions: ... UnknownParameter");

	TAP_IS_INT(plan("Action=ModifyClusterIamRoles&Version=2012-12-01&ClusterIdentifier=c&AddIamRoles=&DefaultIamRoleArn=",
					&c, &e), 0, "actions: ModifyClusterIamRoles with an empty list and an empty default");
	TAP_OK(strcmp(c.params[1], "[]") == 0 && strcmp(c.params[2], "[]") == 0 && c.params[3] && c.params[3][0] == '\0',
		   "actions: ... [] and '' (clears the default)");
	ep_call_free(&c);
	TAP_IS_INT(plan("Action=DescribeClusters&Version=2012-12-01&MaxRecords=20&Marker=m", &c, &e), 0, "actions: DescribeClusters");
	TAP_OK(c.params[0] == NULL && strcmp(c.params[1], "20") == 0 && strcmp(c.params[2], "m") == 0,
		   "actions: ... MaxRecords and Marker passed on");
	ep_call_free(&c);
	TAP_IS_INT(plan("Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=c", &c, &e), 0,
			   "actions: DeleteCluster without a final snapshot decision is passed on");
	TAP_OK(strcmp(c.params[1], "false") == 0 && c.params[2] == NULL,
		   "actions: ... SkipFinalClusterSnapshot false (the API's default), no snapshot name");
	ep_call_free(&c);
	TAP_IS_INT(plan("Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=c&SkipFinalClusterSnapshot=true", &c, &e), 0,
			   "actions: DeleteCluster skipping the snapshot");
	TAP_OK(strcmp(c.params[1], "true") == 0 && c.params[2] == NULL, "actions: ... true");
	ep_call_free(&c);
	TAP_IS_INT(plan("Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=c&FinalClusterSnapshotIdentifier=f1", &c, &e), 0,
			   "actions: DeleteCluster naming a final snapshot");
	TAP_OK(strcmp(c.params[1], "false") == 0 && strcmp(c.params[2], "f1") == 0, "actions: ... false and the name");
	ep_call_free(&c);
	TAP_IS_INT(plan("Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=c&SkipFinalClusterSnapshot=1", &c, &e), -1,
			   "actions: SkipFinalClusterSnapshot that is not a boolean");
	TAP_IS_INT(plan("Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=c&SkipFinalClusterSnapshot=true"
					"&FinalClusterSnapshotRetentionPeriod=0", &c, &e), -1, "actions: a retention period of 0");
	TAP_IS_STR(e.code, "InvalidRetentionPeriodFault", "actions: ... InvalidRetentionPeriodFault");
	TAP_IS_INT(plan("Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=c&SkipFinalClusterSnapshot=true"
					"&FinalClusterSnapshotRetentionPeriod=3654", &c, &e), -1, "actions: a retention period of 3654");
	TAP_IS_STR(e.code, "InvalidRetentionPeriodFault", "actions: ... InvalidRetentionPeriodFault");
	TAP_IS_INT(plan("Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=c&SkipFinalClusterSnapshot=true"
					"&FinalClusterSnapshotRetentionPeriod=-1", &c, &e), 0, "actions: a retention period of -1");
	ep_call_free(&c);
	TAP_IS_INT(plan("Action=RebootCluster&Version=2012-12-01", &c, &e), -1, "actions: an action not served");
	TAP_IS_STR(e.code, "InvalidAction", "actions: ... InvalidAction");
	TAP_IS_INT(plan("Action=DescribeClusters", &c, &e), -1, "actions: no Version");
	TAP_IS_STR(e.code, "MissingParameter", "actions: ... MissingParameter");
	TAP_IS_INT(plan("Action=DescribeClusters&Version=2011-01-01", &c, &e), -1, "actions: another Version");
	TAP_IS_STR(e.code, "NoSuchVersion", "actions: ... NoSuchVersion");
	TAP_IS_INT(plan("Version=2012-12-01", &c, &e), -1, "actions: no Action");
	TAP_IS_STR(e.code, "MissingAction", "actions: ... MissingAction");
}

int
main(void)
{
	test_form();
	test_sigv4();
	test_awserr();
	test_xml();
	test_actions();
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
