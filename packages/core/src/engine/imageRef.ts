import { goQuote } from '../manifest/goQuote.js';
import { parseImageName, splitDockerDomain } from '../manifest/parseImageName.js';

/**
 * Normalises an image reference the way the docker reference library does (ParseNormalizedNamed,
 * then TagNameOnly) for comparison with a node's image cache: `nginx` →
 * `docker.io/library/nginx:latest`, `docker.io/nginx` → the same. Pure.
 * @internal
 */
export function normalizeImageRef(ref: string): string {
  return factsOf(ref).key;
}

function normalized(ref: string): string {
  const at = ref.indexOf('@');
  const [domain, remainder] = splitDockerDomain(at >= 0 ? ref.slice(0, at) : ref);
  const suffix = at >= 0 ? ref.slice(at) : '';
  const tagged = remainder.lastIndexOf(':') > remainder.lastIndexOf('/');
  return `${domain}/${remainder}${!tagged && suffix === '' ? ':latest' : ''}${suffix}`;
}

/**
 * The repository an image is stored under, as a runtime names it in `imageID` (`repo@sha256:…`):
 * the normalised name without tag or digest. `nginx:1.25` → `docker.io/library/nginx`,
 * `localhost:5000/app:1` → `localhost:5000/app`. Pure.
 * @internal
 */
export function imageRepository(ref: string): string {
  const at = ref.indexOf('@');
  const [domain, remainder] = splitDockerDomain(at >= 0 ? ref.slice(0, at) : ref);
  const colon = remainder.lastIndexOf(':');
  return `${domain}/${colon > remainder.lastIndexOf('/') ? remainder.slice(0, colon) : remainder}`;
}

/**
 * EnsureImageExists → applyDefaultImageTag (image_manager.go): the InvalidImageName message for an
 * image ParseImageName rejects (`ROOT`, `http://root`, 64 hex digits), else undefined. Pure.
 * @example invalidImageMessage('ROOT') // 'Failed to apply default image tag "ROOT": couldn\'t parse image name "ROOT": …'
 * @internal
 */
export function invalidImageMessage(image: string): string | undefined {
  return factsOf(image).invalid;
}

function invalidMessage(image: string): string | undefined {
  const parsed = parseImageName(image);
  return parsed.ok ? undefined : `Failed to apply default image tag ${goQuote(image)}: ${parsed.error}`;
}

/** What the engine asks about one image string: its normalised reference and its InvalidImageName message. */
interface ImageFacts {
  key: string;
  invalid: string | undefined;
}

// Both answers are pure functions of the string, asked for every container of every new Pod (and
// every image a node registers): parsed once per image. A log names few images; past IMAGES the
// table starts again, so memory stays bounded whatever the log holds.
const facts = new Map<string, ImageFacts>();
const IMAGES = 4096;

function factsOf(image: string): ImageFacts {
  let f = facts.get(image);
  if (f === undefined) {
    if (facts.size === IMAGES) facts.clear();
    f = { key: normalized(image), invalid: invalidMessage(image) };
    facts.set(image, f);
  }
  return f;
}
