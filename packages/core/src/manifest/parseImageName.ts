import { goQuote } from './goQuote.js';

/**
 * An image reference split as pkg/util/parsers.ParseImageName does it, on top of the docker
 * reference grammar (github.com/distribution/reference ParseNormalizedNamed).
 */
export type ParsedImageName =
  | { ok: true; repository: string; tag: string; digest: string }
  | { ok: false; error: string };

// distribution/reference regexp.go, rebuilt piece by piece so the grammar stays readable.
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const namePat = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const referenceRe = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const identifierRe = /^[a-f0-9]{64}$/;

/** go-digest algorithms Kubernetes links in (parsers.go imports crypto/sha256 and crypto/sha512). */
const digestHexLength: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const digestGrammar = new RegExp(`^${digestPat}$`);

/**
 * ParseImageName: normalises `nginx` to `docker.io/library/nginx`; tag `latest` when the image has
 * neither a tag nor a digest. Pure.
 * @example parseImageName('localhost:5000/app') // { ok: true, repository: 'localhost:5000/app', tag: 'latest', digest: '' }
 */
export function parseImageName(image: string): ParsedImageName {
  const named = parseNormalizedNamed(image);
  if (typeof named === 'string')
    return { ok: false, error: `couldn't parse image name ${goQuote(image)}: ${named}` };
  const tag = named.tag === '' && named.digest === '' ? 'latest' : named.tag;
  return { ok: true, repository: named.name, tag, digest: named.digest };
}

interface Named {
  name: string;
  tag: string;
  digest: string;
}

/** ParseNormalizedNamed; a string result is the upstream error message. */
function parseNormalizedNamed(s: string): Named | string {
  if (identifierRe.test(s))
    return `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`;
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remoteName = colon > -1 ? remainder.slice(0, colon) : remainder;
  if (remoteName.toLowerCase() !== remoteName) {
    return `invalid reference format: repository name (${remoteName}) must be lowercase`;
  }
  return parseReference(`${domain}/${remainder}`);
}

/**
 * splitDockerDomain (distribution/reference normalize.go): the registry of an image name and the
 * rest, `docker.io` and `library/` filled in as Docker Hub's familiar names leave them out. The first
 * path component is a registry when it has a `.` or `:`, is `localhost`, or has an upper-case letter.
 * Pure.
 * @example splitDockerDomain('nginx:1') // ['docker.io', 'library/nginx:1']
 * @example splitDockerDomain('localhost:5000/app:1') // ['localhost:5000', 'app:1']
 * @internal
 */
export function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  const first = i === -1 ? '' : name.slice(0, i);
  let domain: string;
  let remainder: string;
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    [domain, remainder] = ['docker.io', name];
  } else {
    [domain, remainder] = [first, name.slice(i + 1)];
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return [domain, remainder];
}

/** reference.Parse, including go-digest's Validate for the digest part. */
function parseReference(s: string): Named | string {
  const m = referenceRe.exec(s);
  if (!m) {
    if (s === '') return 'repository name must have at least one component';
    if (referenceRe.test(s.toLowerCase()))
      return 'invalid reference format: repository name must be lowercase';
    return 'invalid reference format';
  }
  const [, name = '', tag = '', digest = ''] = m;
  if (name.length > 255) return 'repository name must not be more than 255 characters';
  if (digest !== '') {
    const problem = digestProblem(digest);
    if (problem) return problem;
  }
  return { name, tag, digest };
}

function digestProblem(d: string): string | undefined {
  const i = d.indexOf(':');
  const algorithm = d.slice(0, i);
  const encoded = d.slice(i + 1);
  const length = digestHexLength[algorithm];
  if (length === undefined) {
    return digestGrammar.test(d) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  }
  if (encoded.length !== length) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid checksum digest format';
}
