import { nearest, PodstateError } from '@podstate/core/runtime';
import { collectSecretValues, redactSecrets } from '@podstate/projections/runtime';
import { PodFiles } from '@podstate/scenario/runtime';
import { defineCommand } from '../../command.js';
import { loadAt } from '../../engine/loadAt.js';
import { type AtPoint, atOption } from '../../engine/parseAt.js';
import { findPod, type PodQuery } from '../../engine/selectPods.js';
import { logOptions, namespaceOptions, outputOption } from '../../options.js';
import { formatStructured } from '../../output/formatStructured.js';
import { mountsData, mountsText, mountsTree } from './renderMounts.js';

interface MountsOptions extends PodQuery {
  log?: string;
  store?: string;
  at?: AtPoint;
  container?: string;
  output?: 'json' | 'yaml' | 'tree';
  showSecrets?: boolean;
}

/** `podstate mounts <pod>`: the files each container sees from its volumes. */
export const mountsCommand = defineCommand<MountsOptions>({
  name: 'mounts',
  summary: 'show the files a Pod’s containers see from Secret, ConfigMap, downward API and projected volumes',
  description:
    'For every container (or -c one) of the Pod: each volume mount and the files it shows, with modes and ' +
    'contents, as the kubelet would have written them at that time (updates reach volumes after the ' +
    'propagation delay; subPath mounts keep what they had at start). Secret-derived contents are redacted ' +
    'unless --show-secrets is given.',
  arguments: [{ name: '<pod>', description: 'the Pod: a name in the namespace (-n), or namespace/name' }],
  options: [
    ...logOptions,
    ...namespaceOptions,
    atOption,
    { flags: '-c, --container <name>', description: 'only this container' },
    outputOption(['json', 'yaml', 'tree']),
    { flags: '--show-secrets', description: 'print Secret-derived file contents instead of redacting them' },
  ],
  examples: [
    { description: 'files of every container of web', command: 'podstate mounts web --log events.jsonl' },
    {
      description: 'the atomic-writer layout of one container',
      command: 'podstate mounts web -c app -o tree',
    },
  ],
  async run({ args, options }, ctx) {
    const source = await ctx.openReader(options);
    try {
      const views = await loadAt(source, options.at, ctx.io.stderr, { timeline: false });
      const pod = findPod(views.engine, args.pod as string, options);
      const files = new PodFiles(views.engine, pod, views.configEvents, views.now ?? 0);
      const names = files.containers();
      if (options.container !== undefined && !names.includes(options.container)) {
        const guess = nearest(options.container, names);
        throw new PodstateError(
          'bad_input',
          `Pod ${pod.ctx.name} has no container "${options.container}"${guess ? `; did you mean "${guess}"?` : ''} (containers: ${names.join(', ')})`,
        );
      }
      const show = options.showSecrets === true;
      const secrets: string[] = [];
      const parts = (options.container ? [options.container] : names).map((c) => {
        const { mounts, failures } = files.mounts(c);
        secrets.push(...collectSecretValues({ files: mounts.flatMap((m) => [...m.files.values()]) }));
        return { c, mounts, failures };
      });
      let out: string;
      if (options.output === 'json' || options.output === 'yaml') {
        out = formatStructured(
          parts.map((p) => mountsData(p.c, p.mounts, p.failures, show)),
          options.output,
        );
      } else {
        const render = options.output === 'tree' ? mountsTree : mountsText;
        out = parts.map((p) => render(p.c, p.mounts, p.failures, show)).join('');
      }
      // Belt and braces: no Secret value leaves by any path unless asked for.
      ctx.io.stdout.write(show ? out : redactSecrets(out, secrets));
      return 0;
    } finally {
      await source.close();
    }
  },
});
