/**
 * Why an event is refused, as a closed set of codes callers branch on. The message is for
 * people only: no code anywhere matches its wording (STYLE.md, "A decision is data").
 */
export type RefusalCode =
  // The envelope: refused before any rule runs.
  /** The type is not in the event catalogue. */
  | 'unknown_event_type'
  /** `time` is not an RFC 3339 time. */
  | 'invalid_time'
  /** The event is earlier than the log's latest time. */
  | 'time_backwards'
  /** The stream does not fit the event type (a pod event on a node stream, a malformed stream name). */
  | 'wrong_stream'
  /** The data does not match its type's shape, or contradicts the stream. */
  | 'invalid_data'
  // Pods as objects.
  /** pod.created with a uid that was used before. */
  | 'uid_reused'
  /** pod.created while a live Pod holds the same namespace/name. */
  | 'name_taken'
  /** No Pod has this uid. */
  | 'unknown_pod'
  /** The Pod was removed. */
  | 'pod_removed'
  // The Pod's state has no transition for the event.
  /** The Pod is not bound to a node yet. */
  | 'not_scheduled'
  /** spec.schedulingGates still hold the Pod back from scheduling. */
  | 'scheduling_gated'
  /** pod.scheduling-gates.removed names a gate the Pod does not have. */
  | 'no_such_scheduling_gate'
  /** The Pod is already bound. */
  | 'already_bound'
  /** The Pod has no ready sandbox. */
  | 'no_sandbox'
  /** The Pod already has a ready sandbox. */
  | 'sandbox_exists'
  /** The Pod is being deleted. */
  | 'pod_terminating'
  /** The Pod has finished (Succeeded/Failed). */
  | 'pod_finished'
  /** pod.removed before pod.deletion.requested. */
  | 'deletion_not_requested'
  /** The event cannot happen in the Pod's current state (no more specific code applies). */
  | 'not_in_state'
  // Scheduling.
  | 'node_not_registered'
  | 'node_name_mismatch'
  | 'node_not_ready'
  | 'node_selector_mismatch'
  /** The Pod's node is lost: its kubelet cannot report. */
  | 'node_lost'
  // Eviction and removal.
  /** The kubelet acts only on Pods bound to its node. */
  | 'not_bound'
  /** Only the kubelet's own eviction still applies to a Pod being deleted. */
  | 'already_deleting'
  /** The kubelet removes a bound Pod only after its containers stopped. */
  | 'containers_running'
  // Container ordering and start conditions.
  | 'no_such_container'
  | 'poststart_running'
  /** A volume cannot be mounted (FailedMount): missing object or key, or a path the kubelet rejects. */
  | 'volume_not_mounted'
  | 'pod_initialized'
  | 'init_running'
  | 'init_not_completed'
  | 'sidecar_not_started'
  /** CreateContainerConfigError: an env source is missing. */
  | 'config_missing'
  | 'image_not_pulled'
  /** InvalidImageName: the image does not parse (ParseImageName); it is never pulled. */
  | 'invalid_image_name'
  | 'image_absent'
  | 'image_never_pull'
  | 'pull_never'
  | 'pull_backoff'
  // Container lifecycle.
  | 'container_state'
  /** The kubelet is stopping the container after a liveness/startup failure (killContainer). */
  | 'container_stopping'
  | 'already_created'
  | 'stopped_by_kubelet'
  | 'restart_policy'
  | 'crashloop_backoff'
  | 'no_probe'
  | 'startup_probe_passed'
  | 'startup_probe_pending'
  | 'no_poststart_hook'
  | 'no_prestop_hook'
  | 'prestop_done'
  | 'prestop_pending'
  | 'not_deleting'
  | 'sidecars_stop_last'
  | 'sidecar_stop_order'
  // Cluster objects.
  | 'node_already_registered'
  | 'node_already_lost'
  | 'node_not_lost'
  | 'object_not_found'
  /**
   * A guard that only picks between branches of one event (e.g. "the liveness failure reaches
   * its threshold") and is not the last candidate: never shown when a later branch explains the
   * refusal better.
   */
  | 'branch_not_taken';

/** A decision that an event may not happen: what to branch on (`code`), the rule, and words for people. */
export interface Refusal {
  code: RefusalCode;
  /** The rule that refused it: the upstream function (e.g. `computeInitContainerActions`) or podstate rule. */
  rule: string;
  /** One sentence for people: what was refused and why, and what would make it legal. */
  message: string;
}

/**
 * Builds a refusal. Pure.
 * @internal
 */
export function refuse(code: RefusalCode, rule: string, message: string): Refusal {
  return { code, rule, message };
}

/**
 * A refusal with its message prefixed (e.g. by the event and Pod it concerns). Pure.
 * @internal
 */
export function withMessage(r: Refusal, message: string): Refusal {
  return { code: r.code, rule: r.rule, message };
}
