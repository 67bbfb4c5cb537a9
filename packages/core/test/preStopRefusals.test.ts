// executePreStopHook (kuberuntime_container.go killContainer): a container the kubelet stops runs
// its preStop hook once, then gets SIGTERM. A preStop completion is refused for a container that
// has no hook, and for one whose hook has already completed; each refusal says which, since that
// text is what `podstate` prints for the refused fact.
import { ev, given } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { hooksUp } from './upLifecycles.js';

describe('executePreStopHook: a preStop completion the kubelet cannot report', () => {
  it('no_prestop_hook: worker has no preStop hook (it got SIGTERM at once)', () => {
    const r = given(...hooksUp(), ev.deletion(10))
      .when(ev.preStopDone('worker'))
      .thenRejected('no_prestop_hook');
    expect(r.rule).toBe('executePreStopHook');
    expect(r.message).toContain('container "worker" has no preStop hook');
  });

  it('prestop_done: web’s hook has already completed', () => {
    const r = given(...hooksUp(), ev.deletion(10), ev.preStopDone('web'))
      .when(ev.preStopDone('web'))
      .thenRejected('prestop_done');
    expect(r.rule).toBe('executePreStopHook');
    expect(r.message).toContain('the preStop hook of "web" has already completed');
  });
});
