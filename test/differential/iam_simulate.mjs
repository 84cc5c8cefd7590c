// iam_simulate.mjs — the differential test of the IAM decision: generated
// cases (identity policies, an optional S3 bucket policy, same-account and
// cross-account requests, Allow/Deny, NotAction/NotResource, conditions,
// Principal by role ARN, account root, "*" and another account) decided by
// redshift_iam's core (the iam_decide binary, argv[2]) and by
// @cloud-copilot/iam-simulate, an independent evaluator; prints TAP.
// Usage: node iam_simulate.mjs N DECIDE_BINARY
import { spawnSync } from 'node:child_process'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const N = Number(process.argv[2] || 500)
const decide = process.argv[3]
const A = '123456789012'
const B = '210987654321'
const ROLE = `arn:aws:iam::${A}:role/Loader`

// a small deterministic PRNG (mulberry32): the same cases every run
let seed = 20261207
function rnd() {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (a) => a[Math.floor(rnd() * a.length)]
const some = (a) => { const n = 1 + Math.floor(rnd() * 2); const out = new Set(); while (out.size < n) out.add(pick(a)); return [...out] }

const ACTIONS = ['s3:GetObject', 's3:Get*', 's3:*', 's3:ListBucket', 's3:PutObject', '*', 's3:List*']
const RESOURCES = ['arn:aws:s3:::b1/*', 'arn:aws:s3:::b1/data/*', 'arn:aws:s3:::b1', 'arn:aws:s3:::b*', '*',
  'arn:aws:s3:::b1/other/*', 'arn:aws:s3:::b2/*']
const REQUESTS = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b1/data/x.csv', context: {} },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b1/other/y.csv', context: {} },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::b1/data/z.csv', context: {} },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::b1', context: { 's3:prefix': 'data/' } },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::b1', context: { 's3:prefix': 'other/' } },
]
const PRINCIPALS = [{ AWS: ROLE }, { AWS: `arn:aws:iam::${A}:root` }, { AWS: A }, '*',
  { AWS: `arn:aws:iam::${B}:root` }, { AWS: `arn:aws:iam::${A}:role/Other` }]

function condition() {
  const r = rnd()
  if (r < 0.15) return { StringLike: { 's3:prefix': ['data/*', 'data/'] } }
  if (r < 0.25) return { StringEquals: { 'aws:PrincipalAccount': pick([A, B]) } }
  if (r < 0.30) return { StringNotLike: { 's3:prefix': 'other*' } }
  return undefined
}

function statement(withPrincipal) {
  const st = { Effect: rnd() < 0.75 ? 'Allow' : 'Deny' }
  if (withPrincipal) st.Principal = pick(PRINCIPALS)
  if (rnd() < 0.1) st.NotAction = some(ACTIONS.filter((a) => a !== '*')); else st.Action = some(ACTIONS)
  if (rnd() < 0.1) st.NotResource = some(RESOURCES.filter((r) => r !== '*')); else st.Resource = some(RESOURCES)
  const c = condition()
  if (c) st.Condition = c
  return st
}

const doc = (n, p) => ({ Version: '2012-10-17', Statement: Array.from({ length: n }, () => statement(p)) })

const cases = []
while (cases.length < N) {
  const req = pick(REQUESTS)
  const owner = rnd() < 0.6 ? A : B
  const resourcePolicy = rnd() < 0.6 ? doc(1 + Math.floor(rnd() * 3), true) : null
  if (owner === B && resourcePolicy === null) continue	// cross-account without the owner's policy: unknown by design
  cases.push({ identity: [doc(1 + Math.floor(rnd() * 3), false)], resource_policy: resourcePolicy, owner,
    principal: ROLE, action: req.action, resource: req.resource, context: req.context })
}

const ours = spawnSync(decide, [], { input: cases.map((c) => JSON.stringify(c)).join('\n') + '\n', encoding: 'utf8' })
if (ours.status !== 0) {
  console.log(`not ok 1 - the core decides every case (exit ${ours.status}: ${ours.stderr.slice(0, 300)})`)
  console.log('1..1')
  process.exit(1)
}
const decisions = ours.stdout.trim().split('\n')
const name = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' }

let failed = 0, n = 1, errors = 0
console.log(`ok 1 - the core decided ${decisions.length} of ${cases.length} generated cases`)
const counts = {}
for (let i = 0; i < cases.length; i++) {
  const c = cases[i]
  const sim = await runSimulation({
    identityPolicies: c.identity.map((p, k) => ({ name: `identity${k}`, policy: p })),
    serviceControlPolicies: [], resourceControlPolicies: [],
    resourcePolicy: c.resource_policy ?? undefined,
    request: { action: c.action, principal: c.principal, resource: { resource: c.resource, accountId: c.owner },
      contextVariables: c.context },
  }, {})
  if (sim.resultType === 'error') { errors++; continue }
  const theirs = name[sim.overallResult] ?? sim.overallResult
  counts[theirs] = (counts[theirs] || 0) + 1
  if (theirs !== decisions[i]) {
    failed++
    if (failed <= 5) console.log(`# case ${i}: ours ${decisions[i]}, iam-simulate ${theirs}: ${JSON.stringify(c)}`)
  }
}
n++
console.log(`${failed === 0 ? 'ok' : 'not ok'} ${n} - every decision equals iam-simulate's (${cases.length - errors} compared: ${JSON.stringify(counts)}; ${failed} differ)`)
n++
console.log(`${errors <= cases.length / 20 ? 'ok' : 'not ok'} ${n} - iam-simulate accepted the generated cases (${errors} refused as invalid)`)
console.log(`1..${n}`)
process.exit(failed === 0 && errors <= cases.length / 20 ? 0 : 1)
