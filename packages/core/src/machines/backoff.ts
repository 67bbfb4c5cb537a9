import type { BackoffEntry } from './types.js';

/** Crash-loop back-off constants (pkg/kubelet/kubelet.go; k8s.io/kubelet config v1beta1). */
export const CRASHLOOP_INITIAL_MS = 10_000;
export const CRASHLOOP_MAX_MS = 300_000;
/** Image pull back-off constants (pkg/kubelet/kubelet.go imageBackOffPeriod, MaxImageBackOff). */
export const IMAGE_BACKOFF_INITIAL_MS = 10_000;
export const IMAGE_BACKOFF_MAX_MS = 300_000;

/**
 * client-go flowcontrol.Backoff.IsInBackOffSince(key, eventTime) at `now`: an entry that is
 * older than 2 × max relative to `since` has expired. Pure.
 */
export function isInBackOffSince(
  entry: BackoffEntry | undefined,
  since: number,
  now: number,
  max: number,
): boolean {
  if (entry === undefined) return false;
  if (since - entry.lastUpdate > 2 * max) return false;
  return now - since < entry.delay;
}

/** flowcontrol.Backoff.Next(key, eventTime) at `now`: start at `initial`, double to `max`. Pure. */
export function nextBackoff(
  entry: BackoffEntry | undefined,
  since: number,
  now: number,
  initial: number,
  max: number,
): BackoffEntry {
  if (entry === undefined || since - entry.lastUpdate > 2 * max) return { delay: initial, lastUpdate: now };
  return { delay: Math.min(entry.delay * 2, max), lastUpdate: now };
}

/** flowcontrol.Backoff.IsInBackOffSinceUpdate(key, now), used for image pulls. Pure. */
export function isInBackOffSinceUpdate(entry: BackoffEntry | undefined, now: number): boolean {
  return entry !== undefined && now - entry.lastUpdate < entry.delay;
}
