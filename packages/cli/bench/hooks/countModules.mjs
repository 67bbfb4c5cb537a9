// Preloaded (`node --import`) for the start-up module count: appends the URL of every file module
// loaded to $PODSTATE_MODULES_OUT, ESM through a loader hook and CommonJS from require.cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(new URL('./countModulesLoader.mjs', import.meta.url));
const require = createRequire(import.meta.url);
process.on('exit', () => {
  for (const k of Object.keys(require.cache))
    appendFileSync(process.env.PODSTATE_MODULES_OUT, `${pathToFileURL(k).href}\n`);
});
