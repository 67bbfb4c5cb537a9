import { resolveGoYamlScalar } from '@podstate/core/internal';
import { formatDuration, SCENARIO_API_VERSION } from '@podstate/scenario';
import { Document, visit } from 'yaml';
import type { Counterexample } from './explore.js';
import { SCENARIO_START } from './scenarioStart.js';

/** What the header of a counterexample file records about how it was found. */
export interface CounterexampleContext {
  seed: number;
  /** The command that finds it again, e.g. `podstate explore --seed 7 --canary restarts:3`. */
  command: string;
  /** The `expect:` of the final step (the canary's, else the state at the violation). */
  expect: Record<string, unknown>;
  /** Why the final expect is what it is, one line. */
  expectNote: string;
}

// Kubernetes reads YAML as go-yaml v2 (YAML 1.1): `True`, `on`, `0400` unquoted are not strings.
// Quote exactly the strings that would otherwise read back as something else.
function toYaml(value: unknown, flow: boolean): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      const r = resolveGoYamlScalar(node.value);
      if (!('value' in r) || r.value !== node.value || node.value === '') node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ collectionStyle: flow ? 'flow' : 'any', lineWidth: 0, flowCollectionPadding: false });
}

const comment = (text: string) =>
  text
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');

/**
 * The counterexample as a file `podstate run` replays: the starting objects as documents, then a
 * Scenario with `auto: false` and one step per event (`at:` from the start; refused events as
 * `reject: true`), ending with a comment naming the violated invariant and an `expect:`. Pure.
 */
export function toCounterexampleYaml(ce: Counterexample, ctx: CounterexampleContext): string {
  const { lifecycle, violation } = ce;
  const { trace } = lifecycle;
  const at = (i: number) => formatDuration(Date.parse(lifecycle.events[i]!.time) - SCENARIO_START);
  const steps: string[] = [];
  for (let i = lifecycle.setup; i < lifecycle.events.length; i++) {
    const e = lifecycle.events[i]!;
    const s = trace.steps[i]!;
    const step: Record<string, unknown> = { at: at(i), event: e.type, ...e.data };
    if (!s.ok) {
      step.reject = true;
      steps.push(`    ${comment(`refused: ${s.rejection}`).replaceAll('\n', '\n    ')}`);
    }
    if (i === violation.step) steps.push(`    # ← ${violation.invariant} is violated by this step`);
    steps.push(`    - ${toYaml(step, true).trimEnd()}`);
  }
  const last = lifecycle.events.length - 1;
  const name = `counterexample-${ctx.seed}`;
  const pod = lifecycle.pod.metadata;
  const header = [
    `podstate explore counterexample: ${violation.invariant} violated`,
    `  ${violation.message}`,
    `  (step ${violation.step - lifecycle.setup + 1} of ${last - lifecycle.setup + 1}, at +${at(violation.step)})`,
    `found by: ${ctx.command}`,
    `lifecycle ${ce.foundAt} failed with ${ce.originalEvents} events; shrunk in ${ce.shrinks} steps to ${lifecycle.events.length} (${lifecycle.setup} from the objects below)`,
    'replay:   podstate run <this file> --log <a new log>',
  ];
  const scenario = [
    `apiVersion: ${SCENARIO_API_VERSION}`,
    'kind: Scenario',
    `metadata: {name: ${name}}`,
    'spec:',
    `  pod: ${toYaml(`${pod.namespace ?? 'default'}/${pod.name}`, true).trimEnd()}`,
    '  auto: false',
    `  profile: ${lifecycle.profile}`,
    // A real invariant (not the canary) is checked again by `podstate run` over the whole log.
    ...(violation.invariant.startsWith('I') ? ['  invariants: true'] : []),
    '  steps:',
    ...steps,
    `    ${comment(`${violation.invariant}: ${violation.message}`)}`,
    `    ${comment(ctx.expectNote)}`,
    ...(Object.keys(ctx.expect).length === 0
      ? []
      : [`    - ${toYaml({ at: at(last), expect: ctx.expect }, true).trimEnd()}`]),
  ];
  const docs = lifecycle.objects.map((o) => toYaml(o, false).trimEnd());
  return `${comment(header.join('\n'))}\n${[...docs, scenario.join('\n')].map((d) => `---\n${d}`).join('\n')}\n`;
}
