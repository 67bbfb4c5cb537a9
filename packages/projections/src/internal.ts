/**
 * `@podstate/projections/internal`: every module of the projections, for the podstate CLI and tests.
 * Not public API: names here change without a major version.
 * @packageDocumentation
 */

export * from './fold/index.js';
export * from './kube/containerHelpers.js';
export * from './kube/describeContainers.js';
export * from './kube/describePod.js';
export * from './kube/formatPodTable.js';
export * from './kube/generateConditions.js';
export * from './kube/getPhase.js';
export * from './kube/goDuration.js';
export * from './kube/humanDuration.js';
export * from './kube/kubeletMessages.js';
export * from './kube/mergeConditions.js';
export * from './kube/printPod.js';
export * from './kube/qosClass.js';
export * from './kube/tabwriter.js';
export * from './kube/time.js';
export * from './kube/types.js';
export * from './kubectl/index.js';
export * from './rx/index.js';
export * from './status/index.js';
export * from './timeline/index.js';
export * from './volumes/index.js';
