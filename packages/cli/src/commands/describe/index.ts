import { describePod } from '@podstate/projections';
import { defineCommand } from '../../command.js';
import { loadAt } from '../../engine/loadAt.js';
import { type AtPoint, atOption } from '../../engine/parseAt.js';
import { findPod, podView } from '../../engine/podView.js';
import { logOptions } from '../../options.js';

interface DescribeOptions {
  log?: string;
  store?: string;
  at?: AtPoint;
}

/** `podstate describe pod <name>`: kubectl's describe text with the Events the cluster would have recorded. */
export const describeCommand = defineCommand<DescribeOptions>({
  name: 'describe',
  summary: 'show a Pod as kubectl describe pod does, with its Events',
  description:
    'Replay the log and print one Pod as `kubectl describe pod` does, with the Events the scheduler, ' +
    'kubelet and controllers would have recorded for the facts in the log (counted when repeated). ' +
    "Ages are measured from the log's latest event time, or from the --at point.",
  arguments: [
    { name: '<resource>', description: 'what to describe: pod', choices: ['pod', 'pods', 'po'] },
    { name: '<name>', description: 'the Pod: name or namespace/name' },
  ],
  options: [...logOptions, atOption],
  examples: [
    { description: 'describe the Pod web', command: 'podstate describe pod web --log crashloop.jsonl' },
    {
      description: 'as it was 10 seconds after the first event',
      command: 'podstate describe pod web --at 10s',
    },
  ],
  async run({ args, options }, ctx) {
    const { log } = await ctx.openLog(options, { write: false });
    try {
      const views = await loadAt(log, options.at, ctx.io.stderr);
      const pod = findPod(views.engine, args.name as string);
      const { object } = podView(views.engine, views.status, pod, views.now!);
      ctx.io.stdout.write(describePod(object, views.timeline.events(pod.ctx.uid), views.now!));
      return 0;
    } finally {
      await log.close();
    }
  },
});
