import type { AnyStateMachine } from 'xstate';
import { type ChartJSON, type ChartTransition, toChartJSON } from '../charts/toChartJSON.js';
import { macrostep, selectTransition } from '../machines/compile.js';
import { compiledContainerMachine } from '../machines/compiledContainer.js';
import { containerRules } from '../machines/containerRules.js';
import type { ContainerMachineEvent, MachineEvent } from '../machines/events.js';
import {
  type ContainerCtx,
  type ContainerSlot,
  isCreateContainerConfigErrorState,
  isCreatedState,
  isErrImageNeverPullState,
  isInvalidImageNameState,
  isRunningState,
} from '../machines/types.js';
import type { Trace } from './trace.js';

/** A transition as the coverage report names it: `source --event[guard]--> target`. */
export function transitionName(t: ChartTransition): string {
  return `${t.source} --${t.event ?? 'always'}${t.guard ? `[${t.guard}]` : ''}--> ${t.target ?? t.source}`;
}

/** The active leaf paths of a state value as the engine writes it (parallel regions joined by ` | `). */
const leaves = (value: string) => value.split(' | ');
/** Some active leaf is `node` or inside it. */
const within = (value: string, node: string) =>
  leaves(value).some((l) => l === node || l.startsWith(`${node}.`));
const depth = (id: string) => id.split('.').length;
const isAncestor = (a: string, b: string) => b.startsWith(`${a}.`);

/** Whether a named guard lets the event through in the context before it; undefined when unknown. */
type GuardCheck = (guard: string, event: MachineEvent) => boolean | undefined;

/**
 * The transitions one chart took for one step, as XState selects them: for each active state
 * (deepest first, a state's ancestors skipped once it handled the event), the first transition
 * on the event whose guard passes (evaluated when it can be) and whose target is active after
 * the step (a targetless one leaves its source active); then the eventless (`always`)
 * transitions into states entered by the step. `before` undefined: the chart's start.
 */
function taken(
  chart: ChartJSON,
  before: string | undefined,
  event: MachineEvent,
  after: string,
  guardOk: GuardCheck,
): ChartTransition[] {
  const out: ChartTransition[] = [];
  // Where a state leads within the step: itself, or on through an eventless transition.
  const leadsTo = (state: string) =>
    within(after, state) ||
    chart.transitions.some(
      (t) =>
        t.event === null &&
        t.target !== undefined &&
        (t.source === state || isAncestor(t.source, state) || isAncestor(state, t.source)) &&
        within(after, t.target),
    );
  if (before !== undefined) {
    const options = chart.transitions.filter((t) => t.event === event.type && within(before, t.source));
    const sources = [...new Set(options.map((t) => t.source))].sort((a, b) => depth(b) - depth(a));
    const handled: string[] = [];
    for (const source of sources) {
      if (handled.some((h) => isAncestor(source, h))) continue;
      const hit = options.find(
        (t) =>
          t.source === source &&
          (t.guard === undefined || guardOk(t.guard, event) !== false) &&
          leadsTo(t.target ?? source),
      );
      if (hit === undefined) continue;
      out.push(hit);
      handled.push(source);
    }
  }
  // The states the event transitions led to (the start: the initial state); an eventless
  // transition from one of them (or a state inside) that the step left is taken too.
  const mid = before === undefined ? [chart.initial] : out.map((o) => o.target ?? o.source);
  const related = (a: string, b: string) => a === b || isAncestor(a, b) || isAncestor(b, a);
  for (const t of chart.transitions) {
    if (t.event !== null || t.target === undefined) continue;
    if (mid.some((m) => related(m, t.source)) && !within(after, t.source) && within(after, t.target))
      out.push(t);
  }
  return out;
}

const containerGuards = containerRules.guards as Record<
  string,
  ((c: ContainerCtx, e: MachineEvent) => unknown) | undefined
>;

/**
 * A container chart guard as toChartJSON names it: a rule, `in <state>` (XState's stateIn, true
 * when the state is active before the step), or both joined by ` && ` (and). Undefined when unknown.
 */
function containerGuardOk(g: string, value: string, ctx: ContainerCtx, e: MachineEvent): boolean | undefined {
  let known = true;
  for (const part of g.split(' && ')) {
    if (part.startsWith('in ')) {
      if (!within(value, part.slice(3))) return false;
      continue;
    }
    const f = containerGuards[part];
    if (f === undefined) known = false;
    else if (f(ctx, e) !== undefined) return false;
  }
  return known ? true : undefined;
}

/** A container slot after its machine takes `e` (the compiled table), or the slot when it has no transition. */
function stepOf(slot: ContainerSlot, e: ContainerMachineEvent): ContainerSlot {
  const sel = selectTransition(compiledContainerMachine, slot.value, e.type, slot.ctx, e, undefined);
  if (!sel.ok) return slot;
  const r = macrostep(compiledContainerMachine, slot.value, sel.transition, slot.ctx, e, undefined);
  return { value: r.state as ContainerSlot['value'], ctx: r.ctx };
}

/**
 * The config part of a sync (syncContainerStarts, generateContainerConfig) that moved a container
 * from `from` to `to`: into, within (a new message) or out of createContainerConfigError;
 * undefined when it did not move it.
 */
function configEventOf(
  from: ContainerSlot,
  to: ContainerSlot,
  time: number,
): ContainerMachineEvent | undefined {
  const was = isCreateContainerConfigErrorState(from.value);
  const is = isCreateContainerConfigErrorState(to.value);
  const container = to.ctx.name;
  if (is && (!was || from.ctx.configError !== to.ctx.configError))
    return { type: 'sync.config.failed', time, data: { container, message: to.ctx.configError ?? '' } };
  if (was && !is && !isRunningState(to.value) && !isCreatedState(to.value))
    return { type: 'sync.config.resolved', time, data: { container } };
  return undefined;
}

/**
 * The sync steps (syncContainerStarts: EnsureImageExists, then generateContainerConfig) that moved a
 * container from `from` to `to`, each as [before, after, event]; empty when the sync did not move it.
 */
function syncStepsOf(
  from: ContainerSlot,
  to: ContainerSlot,
  time: number,
): [ContainerSlot, ContainerSlot, ContainerMachineEvent][] {
  const container = to.ctx.name;
  if (isInvalidImageNameState(to.value) && !isInvalidImageNameState(from.value))
    return [[from, to, { type: 'sync.image.invalid', time, data: { container } }]];
  if (isErrImageNeverPullState(to.value) && !isErrImageNeverPullState(from.value))
    return [[from, to, { type: 'sync.image.neverPull', time, data: { container } }]];
  if (
    isErrImageNeverPullState(from.value) &&
    !isErrImageNeverPullState(to.value) &&
    !isRunningState(to.value) &&
    !isCreatedState(to.value)
  ) {
    const resolved: ContainerMachineEvent = { type: 'sync.image.resolved', time, data: { container } };
    const mid = stepOf(from, resolved);
    const cfg = configEventOf(mid, to, time);
    return cfg === undefined
      ? [[from, to, resolved]]
      : [
          [from, mid, resolved],
          [mid, to, cfg],
        ];
  }
  const cfg = configEventOf(from, to, time);
  return cfg === undefined ? [] : [[from, to, cfg]];
}

/** Transitions of the Pod and container charts taken by traces, counted by {@link transitionName}. */
export class ChartCoverage {
  readonly pod: ChartJSON;
  readonly container: ChartJSON;
  readonly podTaken = new Map<string, number>();
  readonly containerTaken = new Map<string, number>();

  constructor(podMachine: AnyStateMachine, containerMachine: AnyStateMachine) {
    this.pod = toChartJSON(podMachine);
    this.container = toChartJSON(containerMachine);
  }

  /** Counts the transitions every accepted Pod or container event of the trace took. */
  add(trace: Trace): void {
    for (const s of trace.steps) {
      if (!s.ok || s.uid === undefined || s.after === undefined) continue;
      // The engine accepted this step's event, so it is an event of the catalogue with its data's shape.
      const e = { type: s.event.type, time: s.time, data: s.event.data } as MachineEvent;
      // Pod guards read the cluster, which a trace step does not hold: targets tell them apart.
      for (const t of taken(this.pod, s.before?.value, e, s.after.value, () => undefined))
        count(this.podTaken, t);
      if (s.before === undefined) continue;
      const name = s.event.data.container;
      // The Pod's deletion (or a controller's eviction, which requests one) steps every running
      // container with pod.deletion.requested (killContainer).
      const deletion = e.type === 'pod.deletion.requested' || e.type === 'pod.evicted';
      const indexes =
        typeof name === 'string'
          ? [s.after.ctx.byName[name]]
          : deletion
            ? s.after.ctx.containers.map((_, j) => j)
            : [];
      const ce = deletion ? ({ ...e, type: 'pod.deletion.requested' } as MachineEvent) : e;
      const stepped = new Set<number>();
      for (const i of indexes) {
        const was = i === undefined ? undefined : s.before.ctx.containers[i];
        const now = i === undefined ? undefined : s.after.ctx.containers[i];
        if (was === undefined || now === undefined) continue;
        stepped.add(i!);
        // The container's own step, then (if it moved into or out of createContainerConfigError
        // beyond that step) the Pod's sync of its config.
        const mid = deletion ? now : stepOf(was, ce as ContainerMachineEvent);
        const synced = syncStepsOf(mid, now, s.time);
        const guardOk: GuardCheck = (g, ev) => containerGuardOk(g, was.value, was.ctx, ev);
        for (const t of taken(
          this.container,
          was.value,
          ce,
          synced.length > 0 ? mid.value : now.value,
          guardOk,
        ))
          count(this.containerTaken, t);
        for (const [a, b, se] of synced) this.addSync(a, b, se);
      }
      // The sync after the event (syncContainerStarts) for the other containers.
      s.after.ctx.containers.forEach((now, j) => {
        const was = s.before?.ctx.containers[j];
        if (was === undefined || stepped.has(j)) return;
        for (const [a, b, se] of syncStepsOf(was, now, s.time)) this.addSync(a, b, se);
      });
    }
  }

  private addSync(from: ContainerSlot, to: ContainerSlot, e: ContainerMachineEvent): void {
    const guardOk: GuardCheck = (g, ev) => containerGuardOk(g, from.value, from.ctx, ev);
    for (const t of taken(this.container, from.value, e as MachineEvent, to.value, guardOk))
      count(this.containerTaken, t);
  }

  /** The transitions of each chart no trace took, by name. */
  missing(): { pod: string[]; container: string[] } {
    const miss = (c: ChartJSON, m: Map<string, number>) =>
      [...new Set(c.transitions.map(transitionName))].filter((n) => !m.has(n));
    return { pod: miss(this.pod, this.podTaken), container: miss(this.container, this.containerTaken) };
  }
}

function count(m: Map<string, number>, t: ChartTransition): void {
  const n = transitionName(t);
  m.set(n, (m.get(n) ?? 0) + 1);
}
