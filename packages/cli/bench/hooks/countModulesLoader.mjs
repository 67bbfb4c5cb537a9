// The loader half of countModules.mjs (runs on the hooks thread).
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.PODSTATE_MODULES_OUT, `${url}\n`);
  return next(url, context);
}
