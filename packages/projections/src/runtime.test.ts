import { describe, expect, it } from 'vitest';
import * as index from './index.js';
import * as runtime from './runtime.js';

describe('@podstate/projections/runtime', () => {
  it('exports every public name but the RxJS operators, so commands that import it keep working', () => {
    const rx = ['diffPod', 'podPatches', 'podRow', 'podRowChanges', 'podStatus', 'replayInto'];
    const publicNames = Object.keys(index).filter((k) => !rx.includes(k));
    expect(publicNames.filter((k) => !(k in runtime))).toEqual([]);
    expect(rx.filter((k) => k in runtime)).toEqual([]);
  });
});
