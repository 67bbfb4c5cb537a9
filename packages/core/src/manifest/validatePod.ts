import {
  duplicate,
  type FieldError,
  forbidden,
  graceTooLong,
  invalid,
  notSupported,
  required,
} from './fieldErrors.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, ipErrors, qualifiedNameErrors } from './nameRules.js';
import type { Pod, PodSpec } from './types.js';
import { validateContainers, validateInitContainers } from './validateContainers.js';
import { validateLabels, validateObjectMeta } from './validateObjectMeta.js';
import { validateVolumes } from './validateVolumes.js';

/**
 * Validates a Pod as the API server's ValidatePodCreate does (validatePodMetadataAndSpec,
 * ValidatePodSpec, validateContainers, validateInitContainers, …) for the fields podstate
 * models, in upstream's order and wording. Like the API server, it expects a defaulted Pod
 * (run {@link defaultPod} first): a missing restartPolicy or imagePullPolicy is an error here.
 * Pure.
 * @example validatePod(defaultPod(pod)).map(formatFieldError) // ['spec.containers[1].name: Duplicate value: "app"']
 */
export function validatePod(pod: Pod): FieldError[] {
  const spec = pod.spec ?? ({} as PodSpec);
  const errs = [...validateObjectMeta(pod.metadata, true), ...validatePodSpec(spec, 'spec')];
  // Pod-only checks that follow ValidatePodSpec in validatePodMetadataAndSpec.
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((v, vi) => {
      (v.projected?.sources ?? []).forEach((s, si) => {
        if (s.serviceAccountToken) {
          errs.push(
            forbidden(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  for (const [list, name] of [
    [spec.containers, 'containers'],
    [spec.initContainers, 'initContainers'],
  ] as const) {
    (list ?? []).forEach((c, i) => {
      if (c.image && c.image !== c.image.trim()) {
        errs.push(
          invalid(`spec.${name}[${i}].image`, c.image, 'must not have leading or trailing whitespace'),
        );
      }
    });
  }
  return errs;
}

const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** ValidatePodSpec, for the fields podstate models. */
function validatePodSpec(spec: PodSpec, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const grace = spec.terminationGracePeriodSeconds;
  if (grace == null) errs.push(required(`${field}.terminationGracePeriodSeconds`));
  errs.push(...graceTooLong(`${field}.terminationGracePeriodSeconds`, grace));
  errs.push(...validateVolumes(spec.volumes, `${field}.volumes`));
  const ctx = { volumes: new Set((spec.volumes ?? []).map((v) => v.name)), gracePeriod: grace ?? undefined };
  errs.push(...validateContainers(spec.containers, `${field}.containers`, ctx));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, `${field}.initContainers`, ctx));
  // validateRestartPolicy
  const restart: string = spec.restartPolicy ?? '';
  if (restart === '') errs.push(required(`${field}.restartPolicy`));
  else if (!['Always', 'OnFailure', 'Never'].includes(restart)) {
    errs.push(notSupported(`${field}.restartPolicy`, restart, ['Always', 'OnFailure', 'Never']));
  }
  // validateDNSPolicy
  const dns = spec.dnsPolicy ?? '';
  if (dns === '') errs.push(required(`${field}.dnsPolicy`));
  else if (!dnsPolicies.includes(dns)) errs.push(notSupported(`${field}.dnsPolicy`, dns, dnsPolicies));
  errs.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`));
  if (dns === 'None' && (spec as { dnsConfig?: unknown }).dnsConfig == null) {
    errs.push(required(`${field}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  }
  (spec.readinessGates ?? []).forEach((g, i) => {
    const f = `${field}.readinessGates[${i}].conditionType`;
    errs.push(...qualifiedNameErrors(g.conditionType ?? '').map((m) => invalid(f, g.conditionType ?? '', m)));
  });
  const gates = new Set<string>();
  (spec.schedulingGates ?? []).forEach((g, i) => {
    const f = `${field}.schedulingGates[${i}]`;
    errs.push(...qualifiedNameErrors(g.name ?? '').map((m) => invalid(f, g.name ?? '', m)));
    if (gates.has(g.name)) errs.push(duplicate(f, g.name));
    gates.add(g.name);
  });
  const subdomain = (value: string | undefined, f: string): FieldError[] =>
    value ? dns1123SubdomainErrors(value).map((m) => invalid(f, value, m)) : [];
  const label = (value: string | undefined, f: string): FieldError[] =>
    value ? dns1123LabelErrors(value).map((m) => invalid(f, value, m)) : [];
  errs.push(...subdomain(spec.serviceAccountName, `${field}.serviceAccountName`));
  errs.push(...subdomain(spec.nodeName, `${field}.nodeName`));
  errs.push(...label(spec.hostname, `${field}.hostname`));
  errs.push(...label(spec.subdomain, `${field}.subdomain`));
  // ValidateHostAliases
  (spec.hostAliases ?? []).forEach((a, i) => {
    const f = `${field}.hostAliases[${i}]`;
    errs.push(...ipErrors(a.ip ?? '').map((m) => invalid(`${f}.ip`, a.ip ?? '', m)));
    (a.hostnames ?? []).forEach((h, j) => {
      errs.push(...dns1123SubdomainErrors(h).map((m) => invalid(`${f}.hostnames[${j}]`, h, m)));
    });
  });
  return errs;
}
