import { PodstateError } from '@podstate/core/runtime';
import { PodFiles } from '@podstate/scenario/runtime';
import { defineCommand } from '../../command.js';
import { loadAt } from '../../engine/loadAt.js';
import { type AtPoint, atOption } from '../../engine/parseAt.js';
import { findPod, type PodQuery } from '../../engine/selectPods.js';
import { logOptions, namespaceOptions } from '../../options.js';

interface HostsOptions extends PodQuery {
  log?: string;
  store?: string;
  at?: AtPoint;
}

/** `podstate hosts <pod>`: the Pod's /etc/hosts exactly as the kubelet writes it. */
export const hostsCommand = defineCommand<HostsOptions>({
  name: 'hosts',
  summary: 'print the /etc/hosts the kubelet writes for a Pod',
  description:
    'Print the Pod’s /etc/hosts as the kubelet writes it (header, localhost lines, the Pod IP with its ' +
    'hostname and FQDN, the HostAliases block; the node’s file for hostNetwork Pods). The kubelet mounts ' +
    'it only once the Pod has an IP.',
  arguments: [{ name: '<pod>', description: 'the Pod: a name in the namespace (-n), or namespace/name' }],
  options: [...logOptions, ...namespaceOptions, atOption],
  examples: [{ description: "web's /etc/hosts", command: 'podstate hosts web --log events.jsonl' }],
  async run({ args, options }, ctx) {
    const source = await ctx.openReader(options);
    try {
      const views = await loadAt(source, options.at, ctx.io.stderr, { timeline: false });
      const pod = findPod(views.engine, args.pod as string, options);
      const h = new PodFiles(views.engine, pod, views.configEvents, views.now ?? 0).hosts();
      if ('content' in h) {
        ctx.io.stdout.write(h.content);
        return 0;
      }
      throw new PodstateError(
        'bad_input',
        `Pod ${pod.ctx.name} has no /etc/hosts: ${'error' in h ? h.error : h.notMounted}`,
      );
    } finally {
      await source.close();
    }
  },
});
