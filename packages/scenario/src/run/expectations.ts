import { jsonEqual } from '@podstate/core/internal';
import type { ContainerStatus, KubeEvent, PodObject, PodRow } from '@podstate/projections';
import type { EventExpectation, Expectation } from '../parse/index.js';

/** One expected-versus-actual difference. */
export interface Mismatch {
  key: string;
  expected: unknown;
  actual: unknown;
}

/** Extra views an expectation may check (env, mounts, hosts), computed on demand. */
export interface ExtraViews {
  env(container: string): Record<string, string> | string;
  mount(container: string, path: string): { content: string; mode: number } | string;
  hosts(): string;
}

const same = jsonEqual;

function stateName(s: ContainerStatus['state']): string {
  return s.running ? 'running' : s.terminated ? 'terminated' : 'waiting';
}

/** An Event as one line: `Warning BackOff (x2): Back-off restarting failed container…`. */
const eventLine = (e: { type?: string; reason: string; count?: number; message?: string }) =>
  `${e.type ?? '*'} ${e.reason}${e.count === undefined || e.count === 1 ? '' : ` (x${e.count})`}${e.message === undefined ? '' : `: ${e.message}`}`;

/** Each expected Event against the Pod's Events (describe's list): a match has every key given. */
function checkEvents(want: readonly EventExpectation[], events: readonly KubeEvent[], out: Mismatch[]): void {
  want.forEach((w, i) => {
    const like = events.filter(
      (e) =>
        e.reason === w.reason &&
        (w.type === undefined || e.type === w.type) &&
        (w.message === undefined || e.message === w.message),
    );
    const found =
      w.count === undefined
        ? like.length > 0
        : w.count === 0
          ? like.length === 0
          : like.some((e) => e.count === w.count);
    if (found) return;
    const sameReason = events.filter((e) => e.reason === w.reason);
    out.push({
      key: `events[${i}]`,
      expected: w.count === 0 ? `no ${eventLine({ ...w, count: undefined })}` : eventLine(w),
      actual: sameReason.length === 0 ? `no ${w.reason} Event` : sameReason.map(eventLine).join('; '),
    });
  });
}

/**
 * Compares the keys an `expect` step gives with the projected Pod; returns every difference.
 * `events` are the Pod's Events (TimelineProjection), needed when the expectation lists some.
 */
export function checkExpectation(
  exp: Expectation,
  obj: PodObject,
  row: PodRow,
  extra: ExtraViews,
  events: readonly KubeEvent[] = [],
): Mismatch[] {
  const out: Mismatch[] = [];
  const check = (key: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && !same(expected, actual)) out.push({ key, expected, actual });
  };
  const status = obj.status;
  check('phase', exp.phase, status?.phase);
  check('status', exp.status, row.status);
  check('ready', exp.ready, row.ready);
  check('removed', exp.removed, exp.removed === undefined ? undefined : false);
  check(
    'restarts',
    exp.restarts,
    typeof exp.restarts === 'string' ? row.restarts : Number.parseInt(row.restarts, 10),
  );
  check('reason', exp.reason, status?.reason ?? null);
  check('message', exp.message, status?.message ?? null);
  check('node', exp.node, obj.spec.nodeName ?? '<none>');
  check('podIP', exp.podIP, exp.podIP === null ? (status?.podIP ?? null) : (status?.podIP ?? '<none>'));
  for (const [type, want] of Object.entries(exp.conditions ?? {})) {
    const c = status?.conditions?.find((x) => x.type === type);
    const w = typeof want === 'string' ? { status: want } : want;
    check(`conditions.${type}.status`, w.status, c?.status ?? '<absent>');
    check(`conditions.${type}.reason`, w.reason, c?.reason ?? '');
    check(`conditions.${type}.message`, w.message, c?.message ?? '');
  }
  const all = [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])];
  for (const [name, want] of Object.entries(exp.containers ?? {})) {
    const c = all.find((x) => x.name === name);
    const k = `containers.${name}`;
    if (c === undefined) {
      out.push({ key: k, expected: 'a container status', actual: '<none>' });
      continue;
    }
    check(`${k}.state`, want.state, stateName(c.state));
    check(`${k}.reason`, want.reason, c.state.waiting?.reason ?? c.state.terminated?.reason ?? '');
    check(`${k}.exitCode`, want.exitCode, c.state.terminated?.exitCode ?? '<not terminated>');
    check(`${k}.restartCount`, want.restartCount, c.restartCount);
    check(`${k}.ready`, want.ready, c.ready);
    check(`${k}.started`, want.started, c.started ?? false);
    check(`${k}.message`, want.message, c.state.waiting?.message ?? c.state.terminated?.message ?? null);
    check(`${k}.lastState.exitCode`, want.lastState?.exitCode, c.lastState.terminated?.exitCode ?? '<none>');
    check(`${k}.lastState.reason`, want.lastState?.reason, c.lastState.terminated?.reason ?? '<none>');
  }
  for (const [container, vars] of Object.entries(exp.env ?? {})) {
    const env = extra.env(container);
    for (const [name, value] of Object.entries(vars)) {
      const unset = value === null ? null : '<unset>';
      check(`env.${container}.${name}`, value, typeof env === 'string' ? env : (env[name] ?? unset));
    }
  }
  for (const [container, files] of Object.entries(exp.mounts ?? {})) {
    for (const [path, want] of Object.entries(files)) {
      const got = extra.mount(container, path);
      const k = `mounts.${container}.${path}`;
      if (want === null) {
        // Absent: no mount of the container holds a file there (a failed mount holds none).
        if (typeof got !== 'string') out.push({ key: k, expected: '<no file>', actual: got.content });
        continue;
      }
      if (typeof got === 'string') {
        out.push({ key: k, expected: want.content, actual: got });
        continue;
      }
      check(`${k}.content`, want.content, got.content);
      if (want.mode !== undefined)
        check(`${k}.mode`, `0${want.mode.toString(8)}`, `0${got.mode.toString(8)}`);
    }
  }
  check('hosts', exp.hosts, exp.hosts === undefined ? undefined : extra.hosts());
  for (const key of ['labels', 'annotations'] as const) {
    const actual = obj.metadata[key] ?? {};
    for (const [k, v] of Object.entries(exp[key] ?? {})) check(`${key}.${k}`, v, actual[k] ?? null);
  }
  if (exp.events !== undefined) checkEvents(exp.events, events, out);
  return out;
}
