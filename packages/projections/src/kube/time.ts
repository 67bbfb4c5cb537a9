import { PodstateError } from '@podstate/core/views';
/** A point in time: an RFC 3339 string (as the API and event log carry it) or epoch milliseconds. */
export type Instant = string | number;

/**
 * Epoch milliseconds of an instant. Pure: it parses, it never reads the clock.
 * @throws Error naming the value when the string is not a parseable date.
 */
export function toMillis(t: Instant): number {
  if (typeof t === 'number') return t;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) {
    throw new PodstateError(
      'bad_input',
      `Cannot parse time "${t}": use RFC 3339, e.g. 2026-01-02T15:04:05Z.`,
    );
  }
  return ms;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * An instant as metav1.Time serialises it: RFC 3339 in UTC, fraction truncated to seconds
 * (`2026-01-02T15:04:05Z`). Pure.
 */
export function formatRFC3339(t: Instant): string {
  const d = new Date(Math.floor(toMillis(t) / 1000) * 1000);
  return `${d.toISOString().slice(0, 19)}Z`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Go's time.RFC1123Z layout (`Mon, 02 Jan 2006 15:04:05 -0700`) in UTC, as `kubectl describe`
 * prints times on a machine whose zone is UTC. Pure.
 */
export function formatRFC1123Z(t: Instant): string {
  const d = new Date(toMillis(t));
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
