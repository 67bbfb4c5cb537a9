/** Node-lost behaviour (docs/decisions.md): `current` taints and evicts, `legacy` shows phase Unknown. */
export type NodeLostProfile = 'current' | 'legacy';

/** Where a step sits in its file, for messages. */
export interface StepSource {
  file: string;
  line: number;
  /** `spec.steps[3]` */
  path: string;
  /** The same path as segments, for LoadedDocument.lineOf (e.g. a data field's line). */
  segments: readonly (string | number)[];
}

/** When a step happens: `at` from the scenario's start, or `after` the previous step (default after 0). */
export type StepTiming = { at: number } | { after: number };

/** `{event: <type>, …data}`: inject one fact; with `reject` the engine must refuse it. */
export interface EventStep {
  kind: 'event';
  /** Milliseconds; see StepTiming. */
  timing: StepTiming;
  type: string;
  /** Every key beside `event`, `pod`, `at`, `after` and `reject`, as written. */
  data: Record<string, unknown>;
  reject: boolean;
  source: StepSource;
  /** `pod:` — the Pod a Pod or container event is for (name or namespace/name); needed with several Pods. */
  pod?: string;
}

/** `{after: 30s}` alone: only time passes. */
export interface WaitStep {
  kind: 'wait';
  timing: StepTiming;
  source: StepSource;
}

/** `{expect: {...}}`: checks the projected state at this time. */
export interface ExpectStep {
  kind: 'expect';
  timing: StepTiming;
  /** `pod:` — the Pod the expectation is about (name or namespace/name); needed with several Pods. */
  pod?: string;
  expect: Expectation;
  source: StepSource;
}

export type ScenarioStep = EventStep | WaitStep | ExpectStep;

/** A Pod condition's expected status, and optionally its reason and message. */
export interface ConditionExpectation {
  status?: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** One container's expected status (init, sidecar or app alike). */
export interface ContainerExpectation {
  state?: 'waiting' | 'running' | 'terminated';
  reason?: string;
  exitCode?: number;
  restartCount?: number;
  ready?: boolean;
  started?: boolean;
  /** `state.waiting.message` or `state.terminated.message`; null: the container state has none. */
  message?: string | null;
  lastState?: { exitCode?: number; reason?: string };
}

/**
 * One Event of the Pod as `kubectl describe pod` lists it. `count: 0` expects no such Event.
 */
export interface EventExpectation {
  reason: string;
  type?: 'Normal' | 'Warning';
  /** How many times it was recorded (describe's `(x3 over 20s)`); 0: not recorded at all. */
  count?: number;
  message?: string;
}

/** A file a container should see: its content and, when given, its mode bits (0o400 = 256). */
export interface MountExpectation {
  content: string;
  mode?: number;
}

/** Every key optional; only the keys given are checked. */
export interface Expectation {
  /** true: the Pod is gone from the API (pod.removed); false: it still exists. */
  removed?: boolean;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** kubectl's STATUS column. */
  status?: string;
  /** kubectl's READY column, e.g. `1/2`. */
  ready?: string;
  /** kubectl's RESTARTS count (a number), or the whole cell with its suffix (`"2 (10s ago)"`). */
  restarts?: number | string;
  /** `status.reason`; null: unset. */
  reason?: string | null;
  /** `status.message`; null: unset. */
  message?: string | null;
  node?: string;
  /** `status.podIP`; null: unset. */
  podIP?: string | null;
  conditions?: Record<string, ConditionExpectation>;
  containers?: Record<string, ContainerExpectation>;
  /** container → variable → value; null: the variable is not set. */
  env?: Record<string, Record<string, string | null>>;
  /** container → absolute path → file; null: no file at that path. */
  mounts?: Record<string, Record<string, MountExpectation | null>>;
  /** `metadata.labels`, key by key; null: the label is not set. */
  labels?: Record<string, string | null>;
  /** `metadata.annotations`, key by key; null: the annotation is not set. */
  annotations?: Record<string, string | null>;
  /** Events `kubectl describe pod` lists for the Pod. */
  events?: EventExpectation[];
  /** The whole /etc/hosts text. */
  hosts?: string;
}

/** A parsed `kind: Scenario` document. */
export interface Scenario {
  name?: string;
  /** The Pod steps are about when they name none; undefined means "the only Pod of the files". */
  pod?: string;
  auto: boolean;
  profile: NodeLostProfile;
  /** Check the invariants of docs/invariants.md on the whole log at the end (explore's counterexamples set it). */
  invariants?: boolean;
  steps: ScenarioStep[];
  file: string;
  line: number;
}
