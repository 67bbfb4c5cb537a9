import { describe, expect, it } from 'vitest';
import { currentTokenIssuedAt, requiresRefresh, tokenRefreshPeriodMs } from './requiresRefresh.js';
import { decodeTokenClaims, issueServiceAccountToken } from './serviceAccountToken.js';

const H = 3_600_000;

describe('token_manager requiresRefresh (no jitter)', () => {
  const exp = 10 * H;
  it.each([
    // 1h token issued at 9h: refresh strictly after exp - 12min.
    [9 * H + 48 * 60_000, 3600, false],
    [9 * H + 48 * 60_000 + 1, 3600, true],
    // 48h token: the 24h cap comes first.
    [exp - 48 * H + 24 * H, 48 * 3600, false],
    [exp - 48 * H + 24 * H + 1, 48 * 3600, true],
  ])('requiresRefresh(now=%d, expirationSeconds=%d) = %s', (now, secs, want) => {
    expect(requiresRefresh(now, exp, secs)).toBe(want);
  });
  it('requiresRefresh: without expirationSeconds the token is never refreshed', () => {
    expect(requiresRefresh(100 * H, exp, undefined)).toBe(false);
  });
  it('currentTokenIssuedAt: rotation every 80 % of the lifetime (3607 s → 2886 s)', () => {
    expect(tokenRefreshPeriodMs(3607)).toBe(2_886_000);
    expect(currentTokenIssuedAt(0, 3607, 2_886_000)).toBe(0);
    expect(currentTokenIssuedAt(0, 3607, 2_886_001)).toBe(2_886_000);
    expect(currentTokenIssuedAt(0, 3600 * 48, 30 * H)).toBe(24 * H);
  });
});

describe('ServiceAccount token', () => {
  const input = {
    namespace: 'shop',
    serviceAccountName: 'default',
    podName: 'web',
    podUid: 'uid-1',
    nodeName: 'node-1',
    expirationSeconds: 3607,
    issuedAt: 1_700_000_000_000,
  };
  it('TokenRequest: claims bound to the Pod, default audience, exp = iat + expirationSeconds', () => {
    const token = issueServiceAccountToken(input);
    expect(token.split('.')).toHaveLength(3);
    const c = decodeTokenClaims(token);
    expect(c).toMatchObject({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_000_000 + 3607,
      sub: 'system:serviceaccount:shop:default',
      'kubernetes.io': {
        namespace: 'shop',
        pod: { name: 'web', uid: 'uid-1' },
        serviceaccount: { name: 'default' },
      },
    });
    expect(Object.keys(c)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
  });
  it('TokenRequest: deterministic, and a new issue time gives a new token', () => {
    expect(issueServiceAccountToken(input)).toBe(issueServiceAccountToken(input));
    expect(issueServiceAccountToken({ ...input, issuedAt: input.issuedAt + 1000 })).not.toBe(
      issueServiceAccountToken(input),
    );
    expect(decodeTokenClaims(issueServiceAccountToken({ ...input, audience: 'vault' })).aud).toEqual([
      'vault',
    ]);
  });
});
