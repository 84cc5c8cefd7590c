"""bench_endpoint.py — DescribeClusters requests/s through redshift-iam-endpoint.

Arguments: URL KEY SECRET SECONDS CLIENTS.  Each client process signs one
DescribeClusters request with botocore's SigV4 signer and sends it again and
again over one keep-alive connection (a signature stays valid for 5 minutes,
so the figure is the endpoint's, not the signer's).  Prints "requests=N
seconds=S errors=E".
"""
import http.client
import multiprocessing
import sys
import time
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.credentials

URL, KEY, SECRET, SECONDS, CLIENTS = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])


def client(q):
    body = "Action=DescribeClusters&Version=2012-12-01"
    req = botocore.awsrequest.AWSRequest(method="POST", url=URL + "/", data=body,
                                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(KEY, SECRET), "redshift", "us-east-1").add_auth(req)
    headers = dict(req.prepare().headers.items())
    u = urllib.parse.urlsplit(URL)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    n = errors = 0
    end = time.monotonic() + SECONDS
    while time.monotonic() < end:
        conn.request("POST", "/", body=body, headers=headers)
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            errors += 1
        n += 1
    q.put((n, errors))


if __name__ == "__main__":
    q = multiprocessing.Queue()
    ps = [multiprocessing.Process(target=client, args=(q,)) for _ in range(CLIENTS)]
    t0 = time.monotonic()
    for p in ps:
        p.start()
    results = [q.get() for _ in ps]
    for p in ps:
        p.join()
    print("requests=%d seconds=%.2f errors=%d" % (sum(r[0] for r in results), time.monotonic() - t0,
                                                   sum(r[1] for r in results)))
