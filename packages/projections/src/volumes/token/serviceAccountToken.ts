import { createHash } from 'node:crypto';

/** The API server's default audience and issuer in a default cluster. */
export const defaultTokenAudience = 'https://kubernetes.default.svc.cluster.local';
export const tokenIssuer = 'https://kubernetes.default.svc.cluster.local';

/** What the kubelet's TokenRequest for a projected serviceAccountToken source carries. */
export interface TokenRequestInput {
  namespace: string;
  serviceAccountName: string;
  podName: string;
  podUid: string;
  nodeName?: string;
  audience?: string;
  expirationSeconds: number;
  /** Event time (ms) the token was issued. */
  issuedAt: number;
}

const b64url = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');
const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest();

/** A stable UUID-shaped id for a name, so ServiceAccount and node uids replay identically. */
export function stableUid(seed: string): string {
  const h = sha256(seed).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  }
  return v;
}

/**
 * A deterministic, JWT-shaped bound ServiceAccount token: header {alg RS256, kid}, claims aud,
 * exp, iat, iss, jti, kubernetes.io {namespace, node, pod, serviceaccount}, nbf, sub
 * `system:serviceaccount:<ns>:<sa>`, keys sorted as the API server's encoder writes them. The
 * 256-byte "signature" is a hash chain, not RSA: it only has the right shape. Pure.
 */
export function issueServiceAccountToken(input: TokenRequestInput): string {
  const iat = Math.floor(input.issuedAt / 1000);
  const exp = iat + input.expirationSeconds;
  const header = {
    alg: 'RS256',
    kid: b64url(sha256('podstate fake service-account signing key')).slice(0, 43),
  };
  const k8s: Record<string, unknown> = {
    namespace: input.namespace,
    pod: { name: input.podName, uid: input.podUid },
    serviceaccount: {
      name: input.serviceAccountName,
      uid: stableUid(`sa/${input.namespace}/${input.serviceAccountName}`),
    },
  };
  if (input.nodeName) k8s.node = { name: input.nodeName, uid: stableUid(`node/${input.nodeName}`) };
  const claims = {
    aud: [input.audience || defaultTokenAudience],
    exp,
    iat,
    iss: tokenIssuer,
    jti: stableUid(`jti/${input.podUid}/${input.audience ?? ''}/${iat}`),
    'kubernetes.io': k8s,
    nbf: iat,
    sub: `system:serviceaccount:${input.namespace}:${input.serviceAccountName}`,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(sortKeys(claims)))}`;
  const chunks: Buffer[] = [];
  let h = sha256(signingInput);
  for (let i = 0; i < 8; i++) {
    chunks.push(h);
    h = sha256(h);
  }
  return `${signingInput}.${b64url(Buffer.concat(chunks))}`;
}

/** Decodes a token's claims (for display and tests); throws on a string that is not JWT-shaped. */
export function decodeTokenClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT: expected three dot-separated parts');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
