/** token_manager maxTTL: a token older than this is refreshed whatever its lifetime. */
export const maxTokenTTLMs = 24 * 60 * 60 * 1000;

/** Default and minimum `expirationSeconds` of a projected serviceAccountToken source. */
export const defaultTokenExpirationSeconds = 3600;
export const minTokenExpirationSeconds = 600;

/**
 * token.Manager.requiresRefresh without jitter: refresh once now is after iat + 24h, or after
 * exp − 20 % of expirationSeconds (integer seconds, as upstream computes it). A request without
 * expirationSeconds never refreshes. Pure.
 * @param expMs the token's expiration time (event ms)
 */
export function requiresRefresh(
  nowMs: number,
  expMs: number,
  expirationSeconds: number | undefined,
): boolean {
  if (expirationSeconds === undefined) return false;
  const iat = expMs - expirationSeconds * 1000;
  if (nowMs > iat + maxTokenTTLMs) return true;
  return nowMs > expMs - Math.floor((expirationSeconds * 20) / 100) * 1000;
}

/** How long after issue the kubelet replaces a token: min(24h, lifetime − 20 %). */
export function tokenRefreshPeriodMs(expirationSeconds: number): number {
  return Math.min(maxTokenTTLMs, (expirationSeconds - Math.floor((expirationSeconds * 20) / 100)) * 1000);
}

/**
 * The issue time of the token in use at `nowMs`, when the first was issued at `firstIssuedAt` and
 * each was replaced as soon as {@link requiresRefresh} turned true (the model: the kubelet remounts
 * often enough that no jitter or sync delay is visible). Pure.
 */
export function currentTokenIssuedAt(
  firstIssuedAt: number,
  expirationSeconds: number,
  nowMs: number,
): number {
  if (nowMs <= firstIssuedAt) return firstIssuedAt;
  const period = tokenRefreshPeriodMs(expirationSeconds);
  // Strictly after the threshold ("now.After"), so a token is still in use exactly at it.
  const k = Math.floor((nowMs - firstIssuedAt - 1) / period);
  return firstIssuedAt + Math.max(0, k) * period;
}

/** All token issue instants in (from, to], for replaying rotations into the atomic writer. */
export function tokenRotationPoints(
  firstIssuedAt: number,
  expirationSeconds: number,
  from: number,
  to: number,
): number[] {
  const period = tokenRefreshPeriodMs(expirationSeconds);
  const out: number[] = [];
  for (let t = firstIssuedAt + period; t <= to; t += period) {
    // The replacement happens just after the threshold; 1 ms is the event-time resolution.
    if (t + 1 > from && t + 1 <= to) out.push(t + 1);
  }
  return out;
}
