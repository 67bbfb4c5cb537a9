import { defaultPullPolicy } from './defaultPullPolicy.js';
import type { Container, DownwardAPIVolumeFile, Handler, Pod, Probe, Volume } from './types.js';

/** v1.SecretVolumeSourceDefaultMode and its ConfigMap / downwardAPI / projected twins: 0644. @internal */
export const DEFAULT_VOLUME_MODE = 0o644;

/**
 * The Pod as the API server stores it after defaulting (pkg/apis/core/v1/defaults.go:
 * SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe,
 * SetDefaults_HTTPGetAction, SetDefaults_ObjectFieldSelector, SetDefaults_Volume and the volume
 * sources' defaultMode, SetDefaults_ServiceAccountTokenProjection, and the generated
 * `+default` of ContainerPort.protocol), plus kubectl's namespace `default`. Only absent or zero
 * values are filled, exactly where upstream checks `== ""`, `== 0` or `== nil`. Pure: returns a
 * new object.
 * @example defaultPod(pod).spec.containers[0].imagePullPolicy // 'Always' for image 'nginx'
 */
export function defaultPod(pod: Pod): Pod {
  const out = structuredClone(pod);
  defaultPodRecipe(out);
  return out;
}

/**
 * The defaulting of {@link defaultPod} as an immer-style recipe: it fills the defaults into `pod`
 * in place (the engine runs it on its own copy; `admissionReview` runs it on an immer draft to
 * report the JSON Patch it makes).
 * @internal
 */
export function defaultPodRecipe(pod: Pod): void {
  const out = pod;
  out.metadata = out.metadata ?? ({} as Pod['metadata']);
  if (!out.metadata.namespace) out.metadata.namespace = 'default';
  out.spec = out.spec ?? ({ containers: [] } as unknown as Pod['spec']);
  const spec = out.spec;

  // SetDefaults_PodSpec
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (spec.securityContext == null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds == null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';

  // SetDefaults_Pod
  if (spec.enableServiceLinks == null) spec.enableServiceLinks = true;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    defaultContainer(c, spec.hostNetwork === true);
  }
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

function defaultContainer(c: Container, hostNetwork: boolean): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image ?? '');
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const p of c.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
  }
  // Requests default to limits only where a limit is set and the request is not.
  const limits = c.resources?.limits;
  if (c.resources && limits) {
    c.resources.requests = c.resources.requests ?? {};
    const requests = c.resources.requests;
    for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  }
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  if (c.lifecycle?.postStart) defaultHandler(c.lifecycle.postStart);
  if (c.lifecycle?.preStop) defaultHandler(c.lifecycle.preStop);
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.fieldRef;
    if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
  }
}

function defaultProbe(p: Probe): void {
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p);
}

function defaultHandler(h: Handler): void {
  if (h.httpGet) {
    if (!h.httpGet.path) h.httpGet.path = '/';
    if (!h.httpGet.scheme) h.httpGet.scheme = 'HTTP';
  }
}

function defaultItems(items: DownwardAPIVolumeFile[] | undefined): void {
  for (const item of items ?? [])
    if (item.fieldRef && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = 'v1';
}

function defaultVolume(v: Volume): void {
  // SetDefaults_Volume: a volume with no source at all becomes an emptyDir.
  if (Object.keys(v).every((k) => k === 'name' || v[k] == null)) v.emptyDir = {};
  if (v.secret && v.secret.defaultMode == null) v.secret.defaultMode = DEFAULT_VOLUME_MODE;
  if (v.configMap && v.configMap.defaultMode == null) v.configMap.defaultMode = DEFAULT_VOLUME_MODE;
  if (v.downwardAPI) {
    if (v.downwardAPI.defaultMode == null) v.downwardAPI.defaultMode = DEFAULT_VOLUME_MODE;
    defaultItems(v.downwardAPI.items);
  }
  if (v.hostPath && v.hostPath.type == null) v.hostPath.type = '';
  if (v.projected) {
    if (v.projected.defaultMode == null) v.projected.defaultMode = DEFAULT_VOLUME_MODE;
    for (const s of v.projected.sources ?? []) {
      if (s.serviceAccountToken && s.serviceAccountToken.expirationSeconds == null) {
        s.serviceAccountToken.expirationSeconds = 3600;
      }
      defaultItems(s.downwardAPI?.items);
    }
  }
}
