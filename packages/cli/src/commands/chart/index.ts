import { containerMachine, podMachine, toChartJSON, toDot, toMermaid } from '@podstate/core';
import { defineCommand } from '../../command.js';
import { toJson } from '../../output/toJson.js';

/** The machines `podstate chart` draws, by the word the user types. */
export const CHART_MACHINES = { pod: podMachine, container: containerMachine } as const;
/** The formats of `--format`. */
export const CHART_FORMATS = ['mermaid', 'dot', 'json'] as const;

interface ChartOptions {
  format: (typeof CHART_FORMATS)[number];
}

/** `podstate chart pod|container`: the statechart as Mermaid, Graphviz DOT or JSON, from the machine itself. */
export const chartCommand = defineCommand<ChartOptions>({
  name: 'chart',
  summary: 'print the Pod or container statechart as Mermaid, Graphviz DOT or JSON',
  description:
    'Print a statechart generated from the machine the engine runs: its states (nested states ' +
    'included) and every transition with its event type and guard name. mermaid is a ' +
    'stateDiagram-v2 (GitHub renders it in Markdown), dot is Graphviz input, json lists states and ' +
    'transitions for other tools. Reads no log.',
  arguments: [
    {
      name: '<machine>',
      description: 'which machine: pod or container',
      choices: Object.keys(CHART_MACHINES),
    },
  ],
  options: [
    {
      flags: '--format <format>',
      description: 'mermaid, dot or json',
      choices: CHART_FORMATS,
      defaultValue: 'mermaid',
    },
  ],
  examples: [
    { description: 'the Pod machine as a Mermaid diagram', command: 'podstate chart pod' },
    {
      description: 'the container machine as an SVG via Graphviz',
      command: 'podstate chart container --format dot | dot -Tsvg > container.svg',
    },
    {
      description: 'every transition guarded by canSchedule',
      command: 'podstate chart pod --format json | jq \'.transitions[] | select(.guard == "canSchedule")\'',
    },
  ],
  async run({ args, options }, ctx) {
    const machine = CHART_MACHINES[args.machine as keyof typeof CHART_MACHINES];
    // Key order is the chart's reading order (source, target, event, guard), built deterministically.
    const text =
      options.format === 'json'
        ? toJson(toChartJSON(machine), { sortKeys: false })
        : options.format === 'dot'
          ? toDot(machine)
          : toMermaid(machine);
    ctx.io.stdout.write(text);
    return 0;
  },
});
