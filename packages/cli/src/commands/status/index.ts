import { podView } from '@podstate/scenario/runtime';
import { defineCommand } from '../../command.js';
import { loadAt } from '../../engine/loadAt.js';
import { type AtPoint, atOption } from '../../engine/parseAt.js';
import { findPod, type PodQuery } from '../../engine/selectPods.js';
import { logOptions, namespaceOptions, outputOption } from '../../options.js';
import { formatStructured } from '../../output/formatStructured.js';

interface StatusOptions extends PodQuery {
  log?: string;
  store?: string;
  at?: AtPoint;
  output: 'json' | 'yaml';
}

/** `podstate status <name>`: the Pod object with its status, as `kubectl get pod <name> -o json` shows it. */
export const statusCommand = defineCommand<StatusOptions>({
  name: 'status',
  summary: 'print a Pod object with its status, as kubectl get pod -o json shows it',
  description:
    'Replay the log and print one Pod as `kubectl get pod <name> -o json|yaml` does: metadata, the ' +
    'defaulted spec and the status (phase, conditions, container statuses). <name> is a name in ' +
    'the default namespace or namespace/name.',
  arguments: [{ name: '<name>', description: 'the Pod: a name in the namespace (-n), or namespace/name' }],
  options: [
    ...logOptions,
    ...namespaceOptions,
    atOption,
    { ...outputOption(['json', 'yaml']), defaultValue: 'json' },
  ],
  examples: [
    { description: "the Pod web's status as JSON", command: 'podstate status web --log crashloop.jsonl' },
    { description: 'as YAML, as it was at seq 8', command: 'podstate status web --at 8 -o yaml' },
  ],
  async run({ args, options }, ctx) {
    const source = await ctx.openReader(options);
    try {
      const views = await loadAt(source, options.at, ctx.io.stderr, { timeline: false });
      const pod = findPod(views.engine, args.name as string, options);
      const { object } = podView(views.engine, views.status, pod, views.now!);
      ctx.io.stdout.write(formatStructured(object, options.output));
      return 0;
    } finally {
      await source.close();
    }
  },
});
