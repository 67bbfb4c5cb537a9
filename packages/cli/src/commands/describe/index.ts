import type { PodState } from '@podstate/core';
import { describePod } from '@podstate/projections/runtime';
import { podView } from '@podstate/scenario/runtime';
import { defineCommand } from '../../command.js';
import { loadAt } from '../../engine/loadAt.js';
import { type AtPoint, atOption } from '../../engine/parseAt.js';
import {
  checkNamesWithQuery,
  findPod,
  listPods,
  notFound,
  type PodQuery,
  whereOf,
} from '../../engine/selectPods.js';
import { logOptions, namespaceOptions, selectorOption } from '../../options.js';

interface DescribeOptions extends PodQuery {
  log?: string;
  store?: string;
  at?: AtPoint;
}

/** `podstate describe pod [NAME…]`: kubectl's describe text with the Events the cluster would have recorded. */
export const describeCommand = defineCommand<DescribeOptions>({
  name: 'describe',
  summary: 'show Pods as kubectl describe pod does, with their Events',
  description:
    'Replay the log and print Pods as `kubectl describe pod` does, with the Events the scheduler, ' +
    'kubelet and controllers would have recorded for the facts in the log (counted when repeated). ' +
    'Without a name, every Pod of the namespace (or -A, or -l); a name that matches no Pod exactly ' +
    "describes the Pods whose names start with it, as kubectl does. Ages are measured from the log's " +
    'latest event time, or from the --at point.',
  arguments: [
    { name: '<resource>', description: 'what to describe: pod', choices: ['pod', 'pods', 'po'] },
    { name: '[names...]', description: 'the Pods: names in the namespace (-n), or namespace/name' },
  ],
  options: [...logOptions, ...namespaceOptions, selectorOption, atOption],
  examples: [
    { description: 'describe the Pod web', command: 'podstate describe pod web --log crashloop.jsonl' },
    {
      description: 'as it was 10 seconds after the first event',
      command: 'podstate describe pod web --at 10s',
    },
    { description: 'every Pod of namespace shop', command: 'podstate describe pods -n shop' },
  ],
  async run({ args, options }, ctx) {
    const names = (args.names as string[] | undefined) ?? [];
    checkNamesWithQuery(names, options, 'describe');
    const source = await ctx.openReader(options);
    try {
      const views = await loadAt(source, options.at, ctx.io.stderr, { timeline: true });
      let pods: PodState[];
      if (names.length === 0) {
        pods = listPods(views.engine, options);
      } else if (names.length === 1 && !names[0]!.includes('/')) {
        // describe.go DescribeMatchingResources: no exact match → every Pod whose name starts with it.
        const name = names[0]!;
        const exact = listPods(views.engine, options).filter((p) => p.ctx.name === name);
        const prefixed = listPods(views.engine, options).filter((p) => p.ctx.name.startsWith(name));
        pods = exact.length > 0 ? exact : prefixed;
        if (pods.length === 0) throw notFound(views.engine, name, options);
      } else {
        pods = names.map((n) => findPod(views.engine, n, options));
      }
      if (pods.length === 0) {
        ctx.io.stderr.write(`No resources found${whereOf(options)}.\n`);
        return 0;
      }
      // describe.go: the descriptions are separated by a blank line.
      const texts = pods.map((pod) => {
        const { object } = podView(views.engine, views.status, pod, views.now!);
        return describePod(object, views.timeline!.events(pod.ctx.uid), views.now!);
      });
      ctx.io.stdout.write(texts.join('\n\n'));
      return 0;
    } finally {
      await source.close();
    }
  },
});
