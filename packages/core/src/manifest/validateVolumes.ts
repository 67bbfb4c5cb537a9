import type { FieldError } from './fieldErrors.js';
import type { KeyToPath, Volume, VolumeProjection } from './types.js';
import {
  fileModeErrorMsg,
  isDNS1123Label,
  isValidFileMode,
  validateLocalDescendingPath,
  validateLocalNonReservedPath,
  validatePathNoBacksteps,
} from './volumePaths.js';
import { validateDownwardAPIVolumeFile } from './volumePathsDownward.js';

export {
  isConfigMapKey,
  isDNS1123Label,
  isQualifiedName,
  validateLocalNonReservedPath,
} from './volumePaths.js';
export {
  convertDownwardAPIFieldLabel,
  envFieldPaths,
  splitMaybeSubscriptedPath,
  volumeFieldPaths,
} from './volumePathsDownward.js';
export type { Quantity as ResourceQuantity } from './volumePathsQuantity.js';
export {
  canonicalQuantity,
  milliValue as quantityMilliValue,
  parseQuantity as parseResourceQuantity,
  wholeValue as quantityValue,
} from './volumePathsQuantity.js';

/**
 * Volume source kinds in the order validateVolumeSource checks them, each with the field name its
 * "more than 1 volume type" error uses (upstream spells downwardAPI's as `downwarAPI`).
 */
const sourceKinds: [key: string, forbiddenName: string][] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

const present = (v: unknown): boolean => v !== undefined && v !== null;

function validateMode(mode: number | undefined, field: string): FieldError[] {
  return mode !== undefined && !isValidFileMode(mode)
    ? [{ field, type: 'Invalid value', value: mode, detail: fileModeErrorMsg }]
    : [];
}

/** validateKeyToPath: key and path Required, path local and non-reserved, mode 0..0777. */
export function validateKeyToPath(kp: KeyToPath, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push({ field: `${field}.key`, type: 'Required value' });
  if (!kp.path) errs.push({ field: `${field}.path`, type: 'Required value' });
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', `${field}.path`));
  errs.push(...validateMode(kp.mode, `${field}.mode`));
  return errs;
}

function validateItems(items: readonly KeyToPath[] | undefined, field: string): FieldError[] {
  return (items ?? []).flatMap((kp, i) => validateKeyToPath(kp, `${field}.items[${i}]`));
}

/** validateProjectionSources: one kind per source, item paths unique across sources, token bounds. */
function validateProjectionSources(sources: readonly VolumeProjection[], field: string): FieldError[] {
  const errs: FieldError[] = [];
  const allPaths = new Set<string>();
  const claim = (p: string, value: string) => {
    if (p.length === 0) return;
    if (allPaths.has(p))
      errs.push({ field, type: 'Invalid value', value, detail: 'conflicting duplicate paths' });
    else allPaths.add(p);
  };
  sources.forEach((source, i) => {
    let numSources = 0;
    const srcPath = `${field}.sources[${i}]`;
    for (const kind of ['secret', 'configMap'] as const) {
      const ref = source[kind];
      if (!present(ref) || !ref) continue;
      numSources++;
      if (!ref.name) errs.push({ field: `${srcPath}.${kind}.name`, type: 'Required value' });
      (ref.items ?? []).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, `${srcPath}.${kind}.items[${j}]`));
        claim(kp.path ?? '', ref.name);
      });
    }
    if (present(source.downwardAPI) && source.downwardAPI) {
      numSources++;
      for (const file of source.downwardAPI.items ?? []) {
        errs.push(...validateDownwardAPIVolumeFile(file, `${srcPath}.downwardAPI`));
        claim(file.path ?? '', file.path ?? '');
      }
    }
    const sat = source.serviceAccountToken;
    if (present(sat) && sat) {
      numSources++;
      const exp = sat.expirationSeconds ?? 3600;
      const expPath = `${srcPath}.serviceAccountToken.expirationSeconds`;
      if (exp < 600) {
        errs.push({
          field: expPath,
          type: 'Invalid value',
          value: exp,
          detail: 'may not specify a duration less than 10 minutes',
        });
      }
      if (exp > 2 ** 32) {
        errs.push({
          field: expPath,
          type: 'Invalid value',
          value: exp,
          detail: 'may not specify a duration larger than 2^32 seconds',
        });
      }
      // Upstream reports the token path against the projected source itself, not the token source.
      if (!sat.path) errs.push({ field: `${field}.path`, type: 'Required value' });
      else errs.push(...validateLocalNonReservedPath(sat.path, `${field}.path`));
    }
    if (numSources > 1) {
      errs.push({
        field: srcPath,
        type: 'Forbidden',
        detail: 'may not specify more than 1 volume type per source',
      });
    }
  });
  return errs;
}

function validateSource(vol: Volume, idx: string): FieldError[] {
  const errs: FieldError[] = [];
  let numVolumes = 0;
  for (const [key, forbiddenName] of sourceKinds) {
    if (!present(vol[key])) continue;
    if (numVolumes > 0) {
      errs.push({
        field: `${idx}.${forbiddenName}`,
        type: 'Forbidden',
        detail: 'may not specify more than 1 volume type',
      });
      continue;
    }
    numVolumes++;
    const f = `${idx}.${key}`;
    if (key === 'secret' && vol.secret) {
      if (!vol.secret.secretName) errs.push({ field: `${f}.secretName`, type: 'Required value' });
      errs.push(...validateMode(vol.secret.defaultMode, `${f}.defaultMode`));
      errs.push(...validateItems(vol.secret.items, f));
    } else if (key === 'configMap' && vol.configMap) {
      if (!vol.configMap.name) errs.push({ field: `${f}.name`, type: 'Required value' });
      errs.push(...validateMode(vol.configMap.defaultMode, `${f}.defaultMode`));
      errs.push(...validateItems(vol.configMap.items, f));
    } else if (key === 'downwardAPI' && vol.downwardAPI) {
      errs.push(...validateMode(vol.downwardAPI.defaultMode, `${f}.defaultMode`));
      for (const file of vol.downwardAPI.items ?? []) errs.push(...validateDownwardAPIVolumeFile(file, f));
    } else if (key === 'projected' && vol.projected) {
      errs.push(...validateMode(vol.projected.defaultMode, `${f}.defaultMode`));
      errs.push(...validateProjectionSources(vol.projected.sources ?? [], f));
    } else if (key === 'hostPath' && vol.hostPath) {
      if (!vol.hostPath.path) errs.push({ field: `${f}.path`, type: 'Required value' });
      else errs.push(...validatePathNoBacksteps(vol.hostPath.path, `${f}.path`));
    } else if (key === 'gitRepo') {
      const g = vol.gitRepo as { repository?: string; directory?: string };
      if (!g.repository) errs.push({ field: `${f}.repository`, type: 'Required value' });
      errs.push(...validateLocalDescendingPath(g.directory ?? '', `${f}.directory`));
    }
  }
  if (numVolumes === 0)
    errs.push({ field: idx, type: 'Required value', detail: 'must specify a volume type' });
  return errs;
}

/**
 * Validates `spec.volumes` as the API server does (pkg/apis/core/validation ValidateVolumes,
 * validateKeyToPath, ValidateLocalNonReservedPath, validateProjectionSources). Pure.
 * @param path the field path of the list, e.g. `spec.volumes`
 */
export function validateVolumes(volumes: readonly Volume[] | undefined, path: string): FieldError[] {
  const all: FieldError[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((vol, i) => {
    const idx = `${path}[${i}]`;
    const el = validateSource(vol, idx);
    if (!vol.name) el.push({ field: `${idx}.name`, type: 'Required value' });
    else
      el.push(
        ...isDNS1123Label(vol.name).map(
          (detail): FieldError => ({ field: `${idx}.name`, type: 'Invalid value', value: vol.name, detail }),
        ),
      );
    if (names.has(vol.name)) el.push({ field: `${idx}.name`, type: 'Duplicate value', value: vol.name });
    if (el.length === 0) names.add(vol.name);
    else all.push(...el);
  });
  return all;
}
