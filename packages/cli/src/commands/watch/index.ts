import type { PodState } from '@podstate/core';
import { selectorMatches } from '@podstate/projections/runtime';
import { defineCommand } from '../../command.js';
import { namespaceOf, type PodQuery } from '../../engine/selectPods.js';
import { logOptions, namespaceOptions, outputOption, selectorOption } from '../../options.js';
import { followPatches } from './followPatches.js';
import { followPods } from './followPods.js';

interface WatchOptions extends PodQuery {
  log?: string;
  store?: string;
  showLabels?: boolean;
  /** false with --no-headers (commander's negated flag). */
  headers?: boolean;
  output?: 'json-patch';
}

/** `podstate watch`: follows the log as it grows, printing Pod rows like `kubectl get pods -w`. */
export const watchCommand = defineCommand<WatchOptions>({
  name: 'watch',
  summary: 'follow the log and print Pod rows as they change, like kubectl get pods -w',
  description:
    'Replay the log, print its Pods as `kubectl get pods` does, then keep following the log as other ' +
    'processes append to it, printing a row whenever a Pod appears, its row changes or it is removed ' +
    '(each later row aligned on its own, as kubectl -w prints them). Ctrl-C stops it (exit 0). ' +
    'The same as `podstate get pods -w`. With -o json-patch, one JSON line per change of a Pod object ' +
    'instead: {"type":"ADDED|MODIFIED|DELETED","namespace","name","uid","seq","patch"}, patch being the ' +
    'RFC 6902 JSON Patch from the previous Pod object (ADDED adds the whole object at the root).',
  options: [
    ...logOptions,
    ...namespaceOptions,
    selectorOption,
    { flags: '--no-headers', description: 'no header line' },
    { flags: '--show-labels', description: 'add a LABELS column' },
    outputOption(['json-patch']),
  ],
  examples: [
    {
      description: 'watch events.jsonl while `podstate run` or `podstate append` write to it',
      command: 'podstate watch --log events.jsonl',
    },
    { description: 'the same, in kubectl’s words', command: 'podstate get pods -w --log events.jsonl' },
    {
      description: 'one JSON line per Pod change, with the RFC 6902 patch from the previous Pod object',
      command: 'podstate watch --log events.jsonl -o json-patch',
    },
  ],
  async run({ options }, ctx) {
    const ns = namespaceOf(options);
    const watched = (p: PodState) =>
      (options.allNamespaces === true || p.ctx.namespace === ns) &&
      (options.selector === undefined ||
        selectorMatches(
          options.selector.requirements,
          p.ctx.pod.metadata.labels as Record<string, string> | undefined,
        ));
    if (options.output === 'json-patch') return followPatches(ctx, options, watched);
    return followPods(ctx, options, watched, {
      withNamespace: options.allNamespaces === true,
      showLabels: options.showLabels === true,
      noHeaders: options.headers === false,
    });
  },
});
