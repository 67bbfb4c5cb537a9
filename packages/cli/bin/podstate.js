#!/usr/bin/env node
import { prespawnReplayWorker } from '../dist/workers/prespawn.js';

const argv = process.argv.slice(2);
// Before the CLI loads: a replay split by Pod starts its worker now, on the other core.
prespawnReplayWorker(argv, process.env, process.cwd());
const { main } = await import('../dist/main.js');
main(argv);
