"""endpoint_probe.py — boto3 and raw-HTTP probes of redshift-iam-endpoint.

Run by test/extended/endpoint_sigv4.sh: prints one "PASS <what>" or
"FAIL <what>: <why>" line per check.  Arguments: URL KEY SECRET
INACTIVE_KEY INACTIVE_SECRET PASSWORD.
"""
import datetime
import http.client
import socket
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.exceptions
from botocore.config import Config

URL, KEY, SECRET, OFF_KEY, OFF_SECRET, PASSWORD = sys.argv[1:7]
HOST, PORT = urllib.parse.urlsplit(URL).hostname, urllib.parse.urlsplit(URL).port
NS = "{http://redshift.amazonaws.com/doc/2012-12-01/}"
CFG = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=10)


def report(ok, what, why=""):
    print(("PASS " if ok else "FAIL ") + what + ("" if ok else ": " + str(why)[:400]), flush=True)


def client(key=KEY, secret=SECRET, region="us-east-1"):
    return boto3.client("redshift", endpoint_url=URL, region_name=region, aws_access_key_id=key,
                        aws_secret_access_key=secret, config=CFG)


def expect_error(what, fn, code, status, message_part=None):
    try:
        fn()
        report(False, what, "no error")
    except botocore.exceptions.ClientError as e:
        err = e.response["Error"]
        got = (err.get("Code"), e.response["ResponseMetadata"]["HTTPStatusCode"])
        ok = got == (code, status) and (message_part is None or message_part in err.get("Message", ""))
        report(ok, what, "got %r %r" % (got, err.get("Message")))


def raw(body, headers=None, method="POST", sign=True, key=KEY, secret=SECRET, region="us-east-1",
        amz_date=None, tamper=None, path="/"):
    """One request with a body of our choosing, signed by botocore's own SigV4 signer."""
    h = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    h.update(headers or {})
    req = botocore.awsrequest.AWSRequest(method=method, url=URL + path, data=body, headers=h)
    if sign:
        signer = botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), "redshift", region)
        real = datetime.datetime
        if amz_date is not None:
            class Then(real):  # the signer's clock, set back: a signature made at another time
                @classmethod
                def utcnow(cls):
                    return amz_date

                @classmethod
                def now(cls, tz=None):
                    return amz_date.replace(tzinfo=tz) if tz else amz_date
            botocore.auth.datetime.datetime = Then
        try:
            signer.add_auth(req)
        finally:
            botocore.auth.datetime.datetime = real
    prepared = req.prepare()
    data = prepared.body
    if tamper is not None:
        data = tamper
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    hdrs = dict(prepared.headers.items())
    if isinstance(data, str):
        data = data.encode()
    conn.putrequest(method, path, skip_accept_encoding=True)
    for k, v in hdrs.items():
        conn.putheader(k, v)
    if data and "Content-Length" not in hdrs:
        conn.putheader("Content-Length", str(len(data)))
    conn.endheaders()
    try:
        if data:
            conn.send(data)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered before the whole body: read that answer
    resp = conn.getresponse()
    out = resp.status, resp.read()
    conn.close()
    return out


def error_of(status_body):
    status, body = status_body
    root = ET.fromstring(body)
    err = root.find(NS + "Error")
    return (status, err.find(NS + "Code").text, err.find(NS + "Message").text,
            err.find(NS + "Type").text, root.find(NS + "RequestId").text)


def expect_raw(what, result, status, code, message_part=None):
    try:
        got = error_of(result)
        ok = got[0] == status and got[1] == code and got[3] in ("Sender", "Receiver") and len(got[4]) == 36 \
            and (message_part is None or message_part in got[2])
        report(ok, what, got)
    except Exception as e:  # noqa: BLE001 - any malformed answer fails the check
        report(False, what, "%r %r" % (e, result))


FORM = "Action=DescribeClusters&Version=2012-12-01"

# ---- boto3, the happy path ----
rs = client()
try:
    c = rs.create_cluster(ClusterIdentifier="boto-cluster", NodeType="ra3.xlplus", NumberOfNodes=2,
                          MasterUsername="awsuser", MasterUserPassword=PASSWORD, Encrypted=True,
                          VpcSecurityGroupIds=["sg-0123456789abcdef0"], Port=5439,
                          IamRoles=["arn:aws:iam::123456789012:role/MyRedshiftRole"],
                          DefaultIamRoleArn="arn:aws:iam::123456789012:role/MyRedshiftRole")["Cluster"]
    report(c["ClusterStatus"] in ("creating", "available") and c["DefaultIamRoleArn"].endswith("/MyRedshiftRole")
           and c["IamRoles"][0]["ApplyStatus"] in ("adding", "in-sync") and isinstance(c["ClusterCreateTime"], datetime.datetime),
           "boto3 create_cluster with unmodelled parameters (VPC, encryption, port)", c)
except Exception as e:  # noqa: BLE001
    report(False, "boto3 create_cluster", e)


def attempt(what, fn, check):
    try:
        r = fn()
        report(check(r), what, r)
    except Exception as e:  # noqa: BLE001 - an exception fails the check, not the script
        report(False, what, e)


attempt("boto3 describe_clusters", lambda: rs.describe_clusters(ClusterIdentifier="boto-cluster")["Clusters"],
        lambda d: len(d) == 1 and d[0]["NumberOfNodes"] == 2)
attempt("boto3 modify_cluster_iam_roles: DefaultIamRoleArn '' clears the default",
        lambda: rs.modify_cluster_iam_roles(ClusterIdentifier="boto-cluster", DefaultIamRoleArn="")["Cluster"],
        lambda c: "DefaultIamRoleArn" not in c and len(c["IamRoles"]) == 1)
attempt("boto3 modify_cluster_iam_roles: add and remove lists",
        lambda: rs.modify_cluster_iam_roles(ClusterIdentifier="boto-cluster",
                                            AddIamRoles=["arn:aws:iam::123456789012:role/SecondRedshiftRole"],
                                            RemoveIamRoles=["arn:aws:iam::123456789012:role/MyRedshiftRole"])["Cluster"],
        lambda c: [r["ApplyStatus"] for r in c["IamRoles"]] in (["in-sync"], ["adding"], ["removing", "adding"],
                                                                ["removing", "in-sync"]))
expect_error("DeleteCluster without SkipFinalClusterSnapshot or a snapshot name: InvalidParameterCombination",
             lambda: rs.delete_cluster(ClusterIdentifier="boto-cluster"), "InvalidParameterCombination", 400)
attempt("boto3 delete_cluster: deleting",
        lambda: rs.delete_cluster(ClusterIdentifier="boto-cluster", SkipFinalClusterSnapshot=True)["Cluster"],
        lambda c: c["ClusterStatus"] == "deleting")
expect_error("the deleted cluster: ClusterNotFound, HTTP 404",
             lambda: rs.describe_clusters(ClusterIdentifier="boto-cluster"), "ClusterNotFound", 404,
             "Cluster boto-cluster not found.")
expect_error("MaxRecords 5: InvalidParameterValue",
             lambda: rs.describe_clusters(MaxRecords=5), "InvalidParameterValue", 400, "MaxRecords")
try:
    rs.create_cluster(ClusterIdentifier="pw-cluster", NodeType="dc2.large", NumberOfNodes=2,
                      MasterUsername="awsuser", MasterUserPassword=PASSWORD.lower())
    report(False, "an invalid master password: InvalidParameterValue, the password not echoed", "no error")
except botocore.exceptions.ClientError as e:
    err = e.response["Error"]
    report(err["Code"] == "InvalidParameterValue" and "MasterUserPassword is not a valid password" in err["Message"]
           and PASSWORD.lower() not in str(e.response) and PASSWORD.lower()[:8] not in str(e.response),
           "an invalid master password: InvalidParameterValue, the password not echoed", err)
expect_error("master user name PUBLIC: InvalidParameterValue",
             lambda: rs.create_cluster(ClusterIdentifier="pw-cluster", NodeType="dc2.large",
                                       MasterUsername="public", MasterUserPassword=PASSWORD),
             "InvalidParameterValue", 400, "MasterUsername")
expect_error("an unknown node type: the extension's InvalidParameterValue",
             lambda: rs.create_cluster(ClusterIdentifier="pw-cluster", NodeType="dc9.huge", NumberOfNodes=2,
                                       MasterUsername="awsuser", MasterUserPassword=PASSWORD),
             "InvalidParameterValue", 400, "dc9.huge")
expect_error("ClusterType multi-node without NumberOfNodes: the extension's InvalidParameterValue",
             lambda: rs.create_cluster(ClusterIdentifier="pw-cluster", NodeType="dc2.large", ClusterType="multi-node",
                                       MasterUsername="awsuser", MasterUserPassword=PASSWORD),
             "InvalidParameterValue", 400, "Number of nodes for cluster type multi-node must be greater than or equal to 2.")
expect_error("NumberOfNodes 40 of ra3.4xlarge: NumberOfNodesPerClusterLimitExceeded",
             lambda: rs.create_cluster(ClusterIdentifier="pw-cluster", NodeType="ra3.4xlarge", NumberOfNodes=40,
                                       MasterUsername="awsuser", MasterUserPassword=PASSWORD),
             "NumberOfNodesPerClusterLimitExceeded", 400, "at most 32 nodes")
attempt("no ClusterType and no NumberOfNodes: a single-node cluster (the API's inference)",
        lambda: rs.create_cluster(ClusterIdentifier="one-node", NodeType="dc2.large",
                                  MasterUsername="awsuser", MasterUserPassword=PASSWORD)["Cluster"],
        lambda c: c["NumberOfNodes"] == 1)
attempt("... deleted again",
        lambda: rs.delete_cluster(ClusterIdentifier="one-node", SkipFinalClusterSnapshot=True)["Cluster"],
        lambda c: c["ClusterStatus"] == "deleting")
expect_error("ModifyClusterIamRoles on a cluster that does not exist: ClusterNotFound",
             lambda: rs.modify_cluster_iam_roles(ClusterIdentifier="nope",
                                                 AddIamRoles=["arn:aws:iam::123456789012:role/X"]),
             "ClusterNotFound", 404)

# ---- who is calling ----
expect_error("a wrong secret: SignatureDoesNotMatch, 403",
             lambda: client(secret=SECRET[:-1] + ("A" if SECRET[-1] != "A" else "B")).describe_clusters(),
             "SignatureDoesNotMatch", 403, "does not match the signature you provided")
expect_error("an unknown key: InvalidClientTokenId, 403",
             lambda: client(key="AKIAZZZZZZZZZZZZZZZZ").describe_clusters(), "InvalidClientTokenId", 403)
expect_error("an inactive key: InvalidClientTokenId, 403",
             lambda: client(key=OFF_KEY, secret=OFF_SECRET).describe_clusters(), "InvalidClientTokenId", 403)
expect_error("a signature scoped to another region: SignatureDoesNotMatch",
             lambda: client(region="eu-west-1").describe_clusters(), "SignatureDoesNotMatch", 403,
             "Credential should be scoped to a valid region, not 'eu-west-1'.")
attempt("botocore's signer on a raw request: 200", lambda: raw(FORM), lambda r: r[0] == 200)
expect_raw("no Authorization header: MissingAuthenticationToken", raw(FORM, sign=False), 403,
           "MissingAuthenticationToken")
expect_raw("a malformed Authorization header: IncompleteSignature",
           raw(FORM, sign=False, headers={"Authorization": "AWS4-HMAC-SHA256 Credential=AKIA/x",
                                          "X-Amz-Date": "20260101T000000Z"}), 400, "IncompleteSignature")
old = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
expect_raw("a signature 20 minutes old: SignatureDoesNotMatch, Signature expired",
           raw(FORM, amz_date=old), 403, "SignatureDoesNotMatch", "Signature expired")
expect_raw("a body changed after signing: SignatureDoesNotMatch",
           raw(FORM, tamper=FORM.replace("DescribeClusters", "DescribeClusterz")), 403, "SignatureDoesNotMatch")

# ---- malformed requests: AWS-shaped errors ----
expect_raw("malformed percent-encoding: MalformedQueryString", raw(FORM + "&Marker=%ZZ"), 400, "MalformedQueryString")
expect_raw("invalid UTF-8: MalformedQueryString", raw(FORM + "&Marker=%FF%FE"), 400, "MalformedQueryString")
expect_raw("a duplicate parameter: MalformedQueryString", raw(FORM + "&Version=2012-12-01"), 400,
           "MalformedQueryString", "Version appears more than once")
expect_raw("an unknown action: InvalidAction", raw("Action=RebootCluster&Version=2012-12-01"), 400, "InvalidAction")
expect_raw("no Action: MissingAction", raw("Version=2012-12-01"), 400, "MissingAction")
expect_raw("no Version: MissingParameter", raw("Action=DescribeClusters"), 400, "MissingParameter", "Version")
expect_raw("another Version: NoSuchVersion", raw("Action=DescribeClusters&Version=2010-01-01"), 400, "NoSuchVersion")
expect_raw("an unknown parameter: UnknownParameter", raw(FORM + "&Foo=1"), 400, "UnknownParameter", "Foo")
expect_raw("a list with a gap: InvalidParameterValue",
           raw("Action=ModifyClusterIamRoles&Version=2012-12-01&ClusterIdentifier=x"
               "&AddIamRoles.IamRoleArn.1=a&AddIamRoles.IamRoleArn.3=b"), 400, "InvalidParameterValue")
expect_raw("Content-Type application/json: UnsupportedMediaType, 415",
           raw(FORM, headers={"Content-Type": "application/json"}), 415, "UnsupportedMediaType")
expect_raw("GET: InvalidHttpRequest", raw("", method="GET"), 400, "InvalidHttpRequest")
expect_raw("a body over 1 MiB: RequestEntityTooLarge, 413", raw(FORM + "&Marker=" + "a" * (1 << 20)), 413,
           "RequestEntityTooLarge")
expect_raw("65 header lines: RequestHeaderSectionTooLarge, 431",
           raw(FORM, headers={"X-Pad-%d" % i: "x" for i in range(62)}), 431, "RequestHeaderSectionTooLarge")
expect_raw("1001 parameters: MalformedQueryString",
           raw(FORM + "".join("&P%d=1" % i for i in range(1000))), 400, "MalformedQueryString", "more than 1000")
expect_raw("a NUL byte in a value: MalformedQueryString", raw(FORM + "&Marker=a%00b"), 400, "MalformedQueryString")
expect_raw("XML metacharacters in an echoed name are escaped", raw(FORM + "&%3Cx%3E%26=1"), 400,
           "UnknownParameter", "<x>&")

# ---- a slow client is dropped; others are served meanwhile ----
slow = socket.create_connection((HOST, PORT))
slow.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
served = raw(FORM)[0] == 200
report(served, "a request is served while a slow client holds a connection")
slow.settimeout(10)
try:
    closed = slow.recv(1) == b""
except (ConnectionResetError, socket.timeout):
    closed = True
report(closed and time.time() - t0 < 8, "the slow client is disconnected after --timeout (2 s)",
       "%.1f s" % (time.time() - t0))
slow.close()
