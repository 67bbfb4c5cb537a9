/**
 * The Go types behind the fields of k8s.io/api/core/v1 (v1.34): the fields podstate reads with
 * their types, enough to reject what the API server's JSON decoder rejects (`"0400"` for an
 * int32, `true` for a string label) with its own message; the fields it does not model as `any`
 * (accepted, not checked below). A field in no list is unknown, refused as kubectl's strict field
 * validation refuses it.
 */
export type Shape =
  | 'string'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'intOrString'
  | 'any'
  | { struct: string; fields: Record<string, Shape> }
  | { slice: Shape }
  | { map: Shape };

const struct = (name: string, fields: Record<string, Shape>): Shape => ({ struct: name, fields });
const slice = (of: Shape): Shape => ({ slice: of });
const map = (of: Shape): Shape => ({ map: of });
const strings = slice('string');

const objectMeta = struct('ObjectMeta', {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  uid: 'string',
  labels: map('string'),
  annotations: map('string'),
  generation: 'int64',
  deletionGracePeriodSeconds: 'int64',
  selfLink: 'any',
  resourceVersion: 'any',
  creationTimestamp: 'any',
  deletionTimestamp: 'any',
  ownerReferences: 'any',
  finalizers: 'any',
  managedFields: 'any',
});
const keyToPath = slice(struct('KeyToPath', { key: 'string', path: 'string', mode: 'int32' }));
const fieldRef = struct('ObjectFieldSelector', { apiVersion: 'string', fieldPath: 'string' });
const resourceFieldRef = struct('ResourceFieldSelector', {
  containerName: 'string',
  resource: 'string',
  divisor: 'any',
});
const downwardItems = slice(
  struct('DownwardAPIVolumeFile', { path: 'string', fieldRef, resourceFieldRef, mode: 'int32' }),
);
const exec = struct('ExecAction', { command: strings });
const httpGet = struct('HTTPGetAction', {
  path: 'string',
  port: 'intOrString',
  host: 'string',
  scheme: 'string',
  httpHeaders: 'any',
});
const tcpSocket = struct('TCPSocketAction', { port: 'intOrString', host: 'string' });
const probe = struct('Probe', {
  exec,
  httpGet,
  tcpSocket,
  grpc: struct('GRPCAction', { port: 'int32', service: 'string' }),
  initialDelaySeconds: 'int32',
  timeoutSeconds: 'int32',
  periodSeconds: 'int32',
  successThreshold: 'int32',
  failureThreshold: 'int32',
  terminationGracePeriodSeconds: 'int64',
});
const handler = struct('LifecycleHandler', {
  exec,
  httpGet,
  tcpSocket,
  sleep: struct('SleepAction', { seconds: 'int64' }),
});
const keySelector = (name: string): Shape =>
  struct(name, { name: 'string', key: 'string', optional: 'bool' });
const container = struct('Container', {
  name: 'string',
  image: 'string',
  imagePullPolicy: 'string',
  command: strings,
  args: strings,
  workingDir: 'string',
  env: slice(
    struct('EnvVar', {
      name: 'string',
      value: 'string',
      valueFrom: struct('EnvVarSource', {
        secretKeyRef: keySelector('SecretKeySelector'),
        configMapKeyRef: keySelector('ConfigMapKeySelector'),
        fieldRef,
        resourceFieldRef,
        fileKeyRef: 'any',
      }),
    }),
  ),
  envFrom: slice(
    struct('EnvFromSource', {
      prefix: 'string',
      secretRef: struct('SecretEnvSource', { name: 'string', optional: 'bool' }),
      configMapRef: struct('ConfigMapEnvSource', { name: 'string', optional: 'bool' }),
    }),
  ),
  ports: slice(
    struct('ContainerPort', {
      name: 'string',
      containerPort: 'int32',
      hostPort: 'int32',
      protocol: 'string',
      hostIP: 'string',
    }),
  ),
  volumeMounts: slice(
    struct('VolumeMount', {
      name: 'string',
      mountPath: 'string',
      subPath: 'string',
      subPathExpr: 'string',
      readOnly: 'bool',
      recursiveReadOnly: 'string',
      mountPropagation: 'string',
    }),
  ),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: struct('Lifecycle', { postStart: handler, preStop: handler, stopSignal: 'string' }),
  restartPolicy: 'string',
  terminationMessagePath: 'string',
  terminationMessagePolicy: 'string',
  resources: 'any',
  resizePolicy: 'any',
  restartPolicyRules: 'any',
  volumeDevices: 'any',
  securityContext: 'any',
  stdin: 'bool',
  stdinOnce: 'bool',
  tty: 'bool',
});
const projection = (name: string): Shape =>
  struct(name, { name: 'string', items: keyToPath, optional: 'bool' });
const volume = struct('Volume', {
  name: 'string',
  secret: struct('SecretVolumeSource', {
    secretName: 'string',
    items: keyToPath,
    defaultMode: 'int32',
    optional: 'bool',
  }),
  configMap: struct('ConfigMapVolumeSource', {
    name: 'string',
    items: keyToPath,
    defaultMode: 'int32',
    optional: 'bool',
  }),
  downwardAPI: struct('DownwardAPIVolumeSource', { items: downwardItems, defaultMode: 'int32' }),
  projected: struct('ProjectedVolumeSource', {
    defaultMode: 'int32',
    sources: slice(
      struct('VolumeProjection', {
        secret: projection('SecretProjection'),
        configMap: projection('ConfigMapProjection'),
        downwardAPI: struct('DownwardAPIProjection', { items: downwardItems }),
        serviceAccountToken: struct('ServiceAccountTokenProjection', {
          audience: 'string',
          expirationSeconds: 'int64',
          path: 'string',
        }),
        clusterTrustBundle: 'any',
        podCertificate: 'any',
      }),
    ),
  }),
  emptyDir: struct('EmptyDirVolumeSource', { medium: 'string', sizeLimit: 'any' }),
  hostPath: struct('HostPathVolumeSource', { path: 'string', type: 'string' }),
  // Sources podstate does not model: known to the API server, so never "unknown", but not checked.
  ...Object.fromEntries(
    [
      'gcePersistentDisk',
      'awsElasticBlockStore',
      'gitRepo',
      'nfs',
      'iscsi',
      'glusterfs',
      'persistentVolumeClaim',
      'rbd',
      'flexVolume',
      'cinder',
      'cephfs',
      'flocker',
      'fc',
      'azureFile',
      'vsphereVolume',
      'quobyte',
      'azureDisk',
      'photonPersistentDisk',
      'portworxVolume',
      'scaleIO',
      'storageos',
      'csi',
      'ephemeral',
      'image',
    ].map((k) => [k, 'any' as Shape]),
  ),
});
const podSpec = struct('PodSpec', {
  initContainers: slice(container),
  containers: slice(container),
  volumes: slice(volume),
  restartPolicy: 'string',
  terminationGracePeriodSeconds: 'int64',
  activeDeadlineSeconds: 'int64',
  dnsPolicy: 'string',
  nodeSelector: map('string'),
  serviceAccountName: 'string',
  automountServiceAccountToken: 'bool',
  nodeName: 'string',
  hostNetwork: 'bool',
  securityContext: struct('PodSecurityContext', {
    runAsUser: 'int64',
    runAsGroup: 'int64',
    fsGroup: 'int64',
    seLinuxOptions: 'any',
    windowsOptions: 'any',
    runAsNonRoot: 'bool',
    supplementalGroups: 'any',
    supplementalGroupsPolicy: 'string',
    sysctls: 'any',
    fsGroupChangePolicy: 'string',
    seccompProfile: 'any',
    appArmorProfile: 'any',
    seLinuxChangePolicy: 'string',
  }),
  hostname: 'string',
  subdomain: 'string',
  schedulerName: 'string',
  tolerations: slice(
    struct('Toleration', {
      key: 'string',
      operator: 'string',
      value: 'string',
      effect: 'string',
      tolerationSeconds: 'int64',
    }),
  ),
  hostAliases: slice(struct('HostAlias', { ip: 'string', hostnames: strings })),
  priority: 'int32',
  readinessGates: slice(struct('PodReadinessGate', { conditionType: 'string' })),
  enableServiceLinks: 'bool',
  schedulingGates: slice(struct('PodSchedulingGate', { name: 'string' })),
  ephemeralContainers: 'any',
  serviceAccount: 'string',
  hostPID: 'bool',
  hostIPC: 'bool',
  shareProcessNamespace: 'bool',
  imagePullSecrets: 'any',
  affinity: 'any',
  priorityClassName: 'string',
  dnsConfig: 'any',
  runtimeClassName: 'string',
  preemptionPolicy: 'string',
  overhead: 'any',
  topologySpreadConstraints: 'any',
  setHostnameAsFQDN: 'bool',
  os: 'any',
  hostUsers: 'bool',
  resourceClaims: 'any',
  resources: 'any',
  hostnameOverride: 'string',
});
const typeMeta = { apiVersion: 'string', kind: 'string', metadata: objectMeta } as const;

/** Top-level Go type of each v1 kind podstate accepts. */
export const kindShapes: Record<string, Shape> = {
  Pod: struct('Pod', { ...typeMeta, spec: podSpec, status: 'any' }),
  Node: struct('Node', {
    ...typeMeta,
    spec: struct('NodeSpec', {
      unschedulable: 'bool',
      podCIDR: 'string',
      podCIDRs: strings,
      providerID: 'string',
      taints: 'any',
      configSource: 'any',
      externalID: 'string',
    }),
    status: struct('NodeStatus', {
      images: slice(struct('ContainerImage', { names: strings, sizeBytes: 'int64' })),
      addresses: slice(struct('NodeAddress', { type: 'string', address: 'string' })),
      capacity: 'any',
      allocatable: 'any',
      phase: 'string',
      conditions: 'any',
      daemonEndpoints: 'any',
      nodeInfo: 'any',
      volumesInUse: 'any',
      volumesAttached: 'any',
      config: 'any',
      runtimeHandlers: 'any',
      features: 'any',
    }),
  }),
  Secret: struct('Secret', {
    ...typeMeta,
    type: 'string',
    data: map('string'),
    stringData: map('string'),
    immutable: 'bool',
  }),
  ConfigMap: struct('ConfigMap', {
    ...typeMeta,
    data: map('string'),
    binaryData: map('string'),
    immutable: 'bool',
  }),
};
