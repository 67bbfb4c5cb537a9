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
  const ms = toMillis(t);
  // Status objects format many instants: the civil date from integer arithmetic (days from civil,
  // H. Hinnant) is several times faster than a Date and its ISO string; years outside 0000–9999
  // (which toISOString writes with a sign and six digits) take the Date path.
  if (ms >= MIN_FAST && ms < MAX_FAST) return civilRFC3339(Math.floor(ms / 1000));
  const d = new Date(Math.floor(ms / 1000) * 1000);
  return `${d.toISOString().slice(0, 19)}Z`;
}

// 0000-03-01T00:00:00Z and 10000-01-01T00:00:00Z.
const MIN_FAST = -62162035200000;
const MAX_FAST = 253402300800000;
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

function civilRFC3339(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const sod = seconds - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(sod / 3600);
  const m = Math.floor((sod % 3600) / 60);
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${two(month)}-${two(day)}T${two(h)}:${two(m)}:${two(sod % 60)}Z`;
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
