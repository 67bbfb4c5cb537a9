import type { Toleration, Volume } from '@podstate/core';
import { DescribeWriter, describeContainers } from './describeContainers.js';
import { humanDuration } from './humanDuration.js';
import { qosClass } from './qosClass.js';
import { tabwrite } from './tabwriter.js';
import { formatRFC1123Z, type Instant, toMillis } from './time.js';
import type { KubeEvent, PodObject } from './types.js';

/** describe.go maxAnnotationLen. */
const MAX_ANNOTATION_LEN = 140;

/**
 * The text of `kubectl describe pod` (staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * describePod), aligned by Go's tabwriter (minwidth 0, padding 2). Times print in UTC
 * (`+0000`); ages are HumanDuration from `now`. Pure.
 *
 * @param events the Pod's events; sorted by lastTimestamp like SortableEvents.
 * @example describePod(pod, events, '2026-01-02T15:10:00Z')
 */
export function describePod(pod: PodObject, events: readonly KubeEvent[], now: Instant): string {
  const nowMs = toMillis(now);
  const since = (t: string | undefined) => (t ? humanDuration(nowMs - toMillis(t)) : '<unknown>');
  const { metadata, spec } = pod;
  const status = pod.status ?? { phase: 'Pending' as const };
  const w = new DescribeWriter();
  w.write(0, `Name:\t${metadata.name}\n`);
  w.write(0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${formatRFC1123Z(status.startTime)}\n`);
  printLabels(w, 'Labels', metadata.labels);
  printAnnotations(w, 'Annotations', metadata.annotations);
  if (metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    // Still inside the grace period the duration is negative: kubectl prints "<invalid>".
    w.write(0, `Status:\tTerminating (lasts ${since(metadata.deletionTimestamp)})\n`);
    w.write(0, `Termination Grace Period:\t${metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(0, `Status:\t${status.phase}\n`);
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  if (!status.podIPs || status.podIPs.length === 0) {
    w.write(0, 'IPs:\t<none>\n');
  } else {
    w.write(0, 'IPs:\n');
    for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.initContainers && spec.initContainers.length > 0) {
    describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, pod);
  }
  describeContainers(w, 'Containers', spec.containers, status.containerStatuses, pod);
  const conditions = status.conditions ?? [];
  if (spec.readinessGates && spec.readinessGates.length > 0) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec.readinessGates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes ?? []);
  w.write(0, `QoS Class:\t${status.qosClass ?? qosClass(spec)}\n`);
  printLabels(w, 'Node-Selectors', spec.nodeSelector);
  printTolerations(w, spec.tolerations ?? []);
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
  } else {
    w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
    w.write(1, '----\t------\t----\t----\t-------\n');
    const sorted = [...events].sort((a, b) => toMillis(a.lastTimestamp) - toMillis(b.lastTimestamp));
    for (const e of sorted) {
      const first = since(e.firstTimestamp);
      const age = e.count > 1 ? `${since(e.lastTimestamp)} (x${e.count} over ${first})` : first;
      w.write(1, `${e.type}\t${e.reason}\t${age}\t${e.source}\t${e.message.trim()}\n`);
    }
  }
  return tabwrite(w.text, { minwidth: 0, padding: 2 });
}

/** describe.go printLabelsMultiline: sorted `key=value`, `<none>` when empty. */
function printLabels(w: DescribeWriter, title: string, labels: Record<string, string> | undefined): void {
  const keys = Object.keys(labels ?? {}).sort();
  w.write(0, `${title}:\t`);
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    w.write(0, `${i === 0 ? '' : '\t'}${k}=${labels?.[k]}\n`);
  });
}

/** describe.go printAnnotationsMultiline: long or multi-line values on their own indented lines. */
function printAnnotations(
  w: DescribeWriter,
  title: string,
  annotations: Record<string, string> | undefined,
): void {
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  w.write(0, `${title}:\t`);
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = (annotations?.[k] ?? '').replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) {
        const short = s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s;
        w.write(0, `\t  ${short}\n`);
      }
    } else {
      w.write(0, `${k}: ${value}\n`);
    }
  });
}

/** describe.go printTolerationsMultilineWithIndent, sorted by key. */
function printTolerations(w: DescribeWriter, tolerations: readonly Toleration[]): void {
  w.write(0, 'Tolerations:\t');
  if (tolerations.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  const sorted = [...tolerations].sort((a, b) =>
    (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
  );
  sorted.forEach((t, i) => {
    let s = `${i === 0 ? '' : '\t'}${t.key ?? ''}`;
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}

/** describe.go describeVolumes, for the volume types podstate models. */
function describeVolumes(w: DescribeWriter, volumes: readonly Volume[]): void {
  if (volumes.length === 0) {
    w.write(0, 'Volumes:\t<none>\n');
    return;
  }
  w.write(0, 'Volumes:\n');
  for (const v of volumes) {
    w.write(1, `${v.name}:\n`);
    if (v.hostPath) {
      w.write(
        2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`,
      );
    } else if (v.emptyDir) {
      w.write(
        2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`,
      );
    } else if (v.secret) {
      w.write(
        2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName}\n    Optional:\t${v.secret.optional === true}\n`,
      );
    } else if (v.configMap) {
      w.write(
        2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name}\n    Optional:\t${v.configMap.optional === true}\n`,
      );
    } else if (v.downwardAPI) {
      w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of v.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources) {
        if (s.secret)
          w.write(2, `SecretName:\t${s.secret.name}\n    Optional:\t${s.secret.optional === true}\n`);
        else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap)
          w.write(
            2,
            `ConfigMapName:\t${s.configMap.name}\n    Optional:\t${s.configMap.optional === true}\n`,
          );
        else if (s.serviceAccountToken)
          w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
      }
    } else {
      w.write(1, '<unknown>\n');
    }
  }
}
