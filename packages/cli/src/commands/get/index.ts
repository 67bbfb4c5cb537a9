import type { EventLog, Pod, PodState } from '@podstate/core';
import { PodstateError } from '@podstate/core/views';
import {
  formatCustomColumns,
  formatPodList,
  JsonPathError,
  type PodObject,
  selectorMatches,
  sortByField,
} from '@podstate/projections/views';

import { podView } from '@podstate/scenario/views';
import { defineCommand } from '../../command.js';
import { loadAt } from '../../engine/loadAt.js';
import { type AtPoint, atOption } from '../../engine/parseAt.js';
import {
  checkNamesWithQuery,
  findPod,
  listPods,
  namespaceOf,
  type PodQuery,
  whereOf,
} from '../../engine/selectPods.js';
import { logOptions, namespaceOptions, selectorOption } from '../../options.js';
import { type GetFormat, getOutputOption } from '../../output/getFormat.js';
import { workersOption } from '../../workers/replayThreads.js';

interface GetOptions extends PodQuery {
  log?: string;
  store?: string;
  workers?: number;
  at?: AtPoint;
  output?: GetFormat;
  /** false with --no-headers (commander's negated flag). */
  headers?: boolean;
  showLabels?: boolean;
  sortBy?: string;
  watch?: boolean;
  showAdmission?: boolean;
}

const labelsOf = (p: PodState) => p.ctx.pod.metadata.labels as Record<string, string> | undefined;

/** `podstate get pods [NAME…]`: kubectl get pods, with its flags, at the log's end or `--at`. */
export const getCommand = defineCommand<GetOptions>({
  name: 'get',
  summary: 'list Pods as kubectl get pods shows them',
  description:
    'Replay the log and print its Pods as `kubectl get pods` does: NAME READY STATUS RESTARTS AGE ' +
    '(-o wide adds IP NODE NOMINATED NODE READINESS GATES), or the Pods as -o name|json|yaml|' +
    'jsonpath=…|custom-columns=… print them (one named Pod: the Pod object; otherwise a v1 List). ' +
    "Ages are measured from the log's latest event time, or from the --at point. With -w, keep " +
    'following the log (as `podstate watch`).',
  arguments: [
    { name: '<resource>', description: 'what to list: pods', choices: ['pods', 'pod', 'po'] },
    { name: '[names...]', description: 'only these Pods (names in the namespace)' },
  ],
  options: [
    ...logOptions,
    workersOption,
    atOption,
    getOutputOption,
    ...namespaceOptions,
    selectorOption,
    { flags: '--no-headers', description: 'no header line (tables and custom-columns)' },
    { flags: '--show-labels', description: 'add a LABELS column' },
    {
      flags: '--sort-by <path>',
      description: 'sort by a JSONPath field, e.g. .metadata.name or {.status.startTime}',
    },
    {
      flags: '-w, --watch',
      description: 'after listing, keep following the log and print rows as they change',
    },
    {
      flags: '--show-admission',
      description:
        "print what the API server's defaulting and admission plugins (ServiceAccount, DefaultTolerationSeconds) " +
        'did to each manifest: RFC 6902 JSON Patches, as a mutating webhook reports them (JSON, or -o yaml)',
    },
  ],
  examples: [
    { description: 'the Pods at the end of the log', command: 'podstate get pods --log crashloop.jsonl' },
    {
      description: 'the Pods 5 minutes after the first event, with IP and node',
      command: 'podstate get pods --at 5m -o wide',
    },
    { description: 'Pods labelled app=web in every namespace', command: 'podstate get pods -A -l app=web' },
    {
      description: 'the name and IP of each Pod',
      command:
        'podstate get pods -o jsonpath=\'{range .items[*]}{.metadata.name} {.status.podIP}{"\\n"}{end}\'',
    },
  ],
  async run({ args, options }, ctx) {
    const names = (args.names as string[] | undefined) ?? [];
    checkNamesWithQuery(names, options, 'get');
    if (names.length > 0 && options.allNamespaces) {
      throw new PodstateError(
        'bad_input',
        'get: a Pod cannot be retrieved by name across all namespaces: use -n <namespace>',
      );
    }
    const format = options.output ?? { kind: 'table', wide: false };
    if (options.watch) {
      if (options.at !== undefined)
        throw new PodstateError('bad_input', 'get -w follows the log from its end: drop --at');
      if (format.kind !== 'table')
        throw new PodstateError('bad_input', 'get -w prints the table: use -o wide or no -o');
      const ns = namespaceOf(options);
      // Loaded only for -w: following opens the store (RxJS), which a one-shot listing never needs.
      const { followPods } = await import('../watch/followPods.js');
      return followPods(
        ctx,
        options,
        (p) =>
          (options.allNamespaces === true || p.ctx.namespace === ns) &&
          (names.length === 0 || names.includes(p.ctx.name)) &&
          (options.selector === undefined || selectorMatches(options.selector.requirements, labelsOf(p))),
        {
          wide: format.wide,
          withNamespace: options.allNamespaces === true,
          showLabels: options.showLabels === true,
          noHeaders: options.headers === false,
        },
      );
    }
    const source = await ctx.openReader(options);
    try {
      // A listing shows one namespace's Pods (without -A): the status fold follows no other. Named
      // Pods may name their namespace (`ns/name`), so a fold for them follows every Pod.
      const views = await loadAt(source, options.at, ctx.io.stderr, {
        timeline: false,
        ...(options.allNamespaces === true || names.length > 0 ? {} : { namespace: namespaceOf(options) }),
      });
      const states =
        names.length > 0
          ? names.map((n) => findPod(views.engine, n, options))
          : listPods(views.engine, options);
      if (options.showAdmission === true) {
        // The manifests as created are read from the log's Pod streams (the store, opened only here).
        const { log } = await ctx.openLog(options, { write: false });
        const reviews = [];
        try {
          for (const p of states) reviews.push(await admissionOf(log, p));
        } finally {
          await log.close();
        }
        const { formatStructured } = await import('../../output/formatStructured.js');
        ctx.io.stdout.write(formatStructured(reviews, format.kind === 'yaml' ? 'yaml' : 'json'));
        return 0;
      }
      let pods = states.map((p) => podView(views.engine, views.status, p, views.now!));
      if (options.sortBy !== undefined) {
        try {
          pods = sortByField(pods, (p) => p.object, options.sortBy);
        } catch (e) {
          if (e instanceof JsonPathError)
            throw new PodstateError('bad_input', `--sort-by ${options.sortBy}: ${e.message}`);
          throw e;
        }
      }
      // One named Pod prints as the object itself; otherwise a List (kubectl's printer for one info).
      const single = names.length === 1;
      const list = (items: PodObject[]) => ({
        apiVersion: 'v1',
        items,
        kind: 'List',
        metadata: { resourceVersion: '' },
      });
      const data = single ? pods[0]!.object : list(pods.map((p) => p.object));
      if (format.kind === 'json' || format.kind === 'yaml') {
        // Loaded only for -o json|yaml (the table never needs the JSON/YAML writers).
        const { formatStructured } = await import('../../output/formatStructured.js');
        ctx.io.stdout.write(formatStructured(data, format.kind));
        return 0;
      }
      if (format.kind === 'jsonpath') {
        let text: string;
        try {
          text = format.path.execute(JSON.parse(JSON.stringify(data)));
        } catch (e) {
          if (e instanceof JsonPathError) {
            throw new PodstateError(
              'bad_input',
              `error executing jsonpath ${JSON.stringify(format.template)}: ${e.message}`,
            );
          }
          throw e;
        }
        ctx.io.stdout.write(text);
        return 0;
      }
      if (pods.length === 0) {
        ctx.io.stderr.write(`No resources found${whereOf(options)}.\n`);
        return 0;
      }
      if (format.kind === 'name') {
        ctx.io.stdout.write(pods.map((p) => `pod/${p.state.ctx.name}\n`).join(''));
        return 0;
      }
      if (format.kind === 'custom-columns') {
        const objects = pods.map((p) => JSON.parse(JSON.stringify(p.object)));
        ctx.io.stdout.write(
          formatCustomColumns(objects, format.columns, { noHeaders: options.headers === false }),
        );
        return 0;
      }
      ctx.io.stdout.write(
        formatPodList(
          pods.map((p) => ({ row: p.row, namespace: p.state.ctx.namespace, labels: labelsOf(p.state) })),
          {
            wide: format.wide,
            noHeaders: options.headers === false,
            withNamespace: options.allNamespaces === true,
            showLabels: options.showLabels === true,
          },
        ),
      );
      return 0;
    } finally {
      await source.close();
    }
  },
});

/** The JSON Patches the API server's steps made to a Pod's manifest, read from its `pod.created` event. */
async function admissionOf(log: EventLog, p: PodState) {
  const { admissionReview } = await import('@podstate/core');
  const { namespace, name, uid } = p.ctx;
  for await (const e of log.readStream(`pod/${uid}`, { toRevision: 1 })) {
    return { namespace, name, uid, patches: admissionReview(e.data.manifest as Pod, uid).patches };
  }
  return { namespace, name, uid, patches: [] };
}
