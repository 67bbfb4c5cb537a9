import { EVENT_TYPES, isEventType } from '../events/eventTypeNames.js';
import { nearest } from '../events/suggest.js';
import { containerIndex } from '../machines/podRules.js';
import { type Refusal, refuse, withMessage } from '../machines/refusal.js';
import type { Pod } from '../manifest/types.js';
import { clusterEventRule } from './clusterEvents.js';
import { type ClusterEnv, nodeForBinding } from './env.js';
import type { EventInput, PodState, RemovedPod } from './types.js';

// The parts of the engine's decision that do not step a Pod machine, shared by the Engine (which
// steps the compiled tables) and the cluster machine (which steps the Pod machine under XState),
// so both refuse the same events for the same reasons.

/**
 * Why the envelope of an event is refused (unknown type, bad time, time going backwards, wrong
 * stream kind), or undefined. Pure.
 * @internal
 */
export function envelopeRefusal(env: ClusterEnv, e: EventInput, time: number): Refusal | undefined {
  if (!isEventType(e.type)) {
    const guess = nearest(e.type, EVENT_TYPES);
    return refuse(
      'unknown_event_type',
      'event catalogue',
      `unknown event type "${e.type}"${guess ? `; did you mean "${guess}"?` : ''}`,
    );
  }
  if (Number.isNaN(time))
    return refuse(
      'invalid_time',
      'envelope',
      `${e.type} has time ${JSON.stringify(e.time)}, which is not an RFC 3339 time`,
    );
  if (time < env.time) {
    return refuse(
      'time_backwards',
      'envelope',
      `${e.type} at ${e.time} is earlier than the log's latest time ${new Date(env.time).toISOString()}: time must not go backwards`,
    );
  }
  const podEvent = e.type.startsWith('pod.') || e.type.startsWith('container.');
  if (podEvent !== e.stream.startsWith('pod/')) {
    return refuse(
      'wrong_stream',
      'envelope',
      `${e.type} belongs on a ${podEvent ? '"pod/<uid>"' : 'cluster object'} stream, not "${e.stream}"`,
    );
  }
  return undefined;
}

/**
 * Why a pod.created would be refused (uid reused, name taken), or undefined. Pure.
 * @internal
 */
export function createRefusal(
  pods: ReadonlyMap<string, unknown>,
  removed: ReadonlyMap<string, unknown>,
  names: ReadonlyMap<string, string>,
  e: EventInput,
  uid: string,
): Refusal | undefined {
  if (pods.has(uid) || removed.has(uid))
    return refuse(
      'uid_reused',
      'registry',
      `pod.created rejected: uid ${uid} is already used; UIDs are never reused`,
    );
  const m = (e.data as { manifest: Pod }).manifest;
  const key = `${m.metadata.namespace ?? 'default'}/${m.metadata.name}`;
  const live = names.get(key);
  return live === undefined
    ? undefined
    : refuse(
        'name_taken',
        'registry',
        `pod.created rejected: Pod ${key} already exists (uid ${live}); remove it first`,
      );
}

/**
 * The refusal of an event for a Pod that does not exist (never created, or removed). Pure.
 * @internal
 */
export function missingPodRefusal(gone: RemovedPod | undefined, e: EventInput, uid: string): Refusal {
  return gone
    ? refuse(
        'pod_removed',
        'engine',
        `${e.type} rejected: Pod ${gone.namespace}/${gone.name} (uid ${uid}) was removed`,
      )
    : refuse('unknown_pod', 'engine', `${e.type} rejected: no Pod has uid ${uid} (pod.created first)`);
}

/**
 * A Pod machine's refusal as the engine reports it: `<event> for <container> of Pod <ns/name>
 * rejected: <why>`. Pure.
 * @internal
 */
export function podRefusal(pod: PodState, e: EventInput, why: Refusal): Refusal {
  return withMessage(why, `${subject(pod, e)} rejected: ${why.message}`);
}

function subject(pod: PodState, e: EventInput): string {
  if (!e.type.startsWith('container.')) return `${e.type} for Pod ${pod.ctx.namespace}/${pod.ctx.name}`;
  const i = containerIndex(pod.ctx, e.data.container as string);
  const role = i < 0 ? '' : `${pod.ctx.containers[i]!.ctx.role} `;
  return `${e.type} for ${role}container "${e.data.container}" of Pod ${pod.ctx.namespace}/${pod.ctx.name}`;
}

/**
 * The two Pod facts that change the cluster: binding to an unregistered node creates it (while
 * no node is registered), and a pull puts the image in the node's cache. Changes `env`; true when
 * it changed it.
 * @internal
 */
export function applyPodEffects(env: ClusterEnv, e: EventInput, after: PodState): boolean {
  if (e.type === 'pod.scheduled') {
    const name = e.data.node as string;
    if (env.nodes.has(name)) return false;
    env.nodes.set(name, nodeForBinding(env, name)!);
    return true;
  }
  if (e.type === 'container.image.pulled') {
    const slot = after.ctx.containers[containerIndex(after.ctx, e.data.container as string)]!;
    const images = env.nodes.get(after.ctx.node!)?.images;
    if (images === undefined || images.has(slot.ctx.imageKey)) return false;
    images.add(slot.ctx.imageKey);
    return true;
  }
  return false;
}

/**
 * Why a cluster event (node, Secret, ConfigMap, clock) is refused now, as the engine reports it,
 * or undefined. Pure.
 * @internal
 */
export function clusterRefusal(env: ClusterEnv, e: EventInput): Refusal | undefined {
  const why = clusterEventRule(env, e);
  return why === undefined ? undefined : withMessage(why, `${e.type} rejected: ${why.message}`);
}
