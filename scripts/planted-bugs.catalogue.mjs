// The planted-bug catalogue of scripts/planted-bugs.mjs (issue 17): each entry is one textual slip
// in one source file (`file`, `from`, `to`), or, for a bug that is one misunderstanding carried
// through a chart and its rule, the list of its `edits` (each `{ file, from, to }`; the script
// regenerates the compiled tables when an edit touches a chart). test/planted-bugs.test.ts checks
// every `from` text is still found exactly once in its file, so a refactor that rewrites a planted
// line fails `npm test` instead of leaving an entry that can no longer be planted.
/** One bug per rule family, as a slip (or one misunderstanding) would make it. */
export const BUGS = [
  {
    id: 'init-order',
    family: 'init containers (computeInitContainerActions)',
    bug: 'the next init container starts after the previous one exited non-zero',
    file: 'packages/core/src/machines/podRules.ts',
    from: "if (s.ctx.role === 'init' && !completedInSandbox(pod, s))",
    to: "if (s.ctx.role === 'init' && !(isTerminatedState(s.value) && s.ctx.sandbox === pod.sandbox))",
  },
  {
    id: 'restart-count',
    family: 'restarts (restartCount)',
    bug: 'a restart does not raise restartCount',
    file: 'packages/core/src/machines/containerRules.ts',
    from: 'n.restartCount = c.restartCount + 1;',
    to: 'n.restartCount = c.restartCount;',
  },
  {
    id: 'phase-some',
    family: 'terminal phase (getPhase)',
    bug: 'Succeeded when only some app containers exited 0',
    file: 'packages/core/src/machines/podRules.ts',
    from: 'return apps.every((s) => isTerminatedState(s.value) && s.ctx.current?.exitCode === 0)',
    to: 'return apps.some((s) => isTerminatedState(s.value) && s.ctx.current?.exitCode === 0)',
  },
  {
    id: 'ready-ignores-sidecars',
    family: 'conditions (GenerateContainersReadyCondition)',
    bug: 'Ready/ContainersReady ignore sidecars',
    file: 'packages/projections/src/kube/generateConditions.ts',
    from: 'const considered = [...(spec.initContainers ?? []).filter(isRestartableInitContainer), ...spec.containers];',
    to: 'const considered = [...spec.containers];',
  },
  {
    id: 'sidecar-never',
    family: 'restart policy (ShouldContainerBeRestarted)',
    bug: 'a sidecar is not restarted under restartPolicy Never',
    file: 'packages/core/src/machines/containerRules.ts',
    from: "if (c.needsRun || c.role === 'sidecar') return true;",
    to: "if (c.needsRun || (c.role === 'sidecar' && c.podRestartPolicy !== 'Never')) return true;",
  },
  {
    id: 'backoff-flat',
    family: 'crash-loop back-off (flowcontrol.Backoff)',
    bug: 'the back-off never doubles',
    file: 'packages/core/src/machines/backoff.ts',
    from: 'delay: Math.min(entry.delay * 2, max)',
    to: 'delay: Math.min(entry.delay, max)',
  },
  {
    id: 'readiness-no-reset',
    family: 'readiness probe (worker.doProbe thresholds)',
    bug: 'a readiness success does not reset the failure count',
    file: 'packages/core/src/machines/containerRules.ts',
    from: 'n.readySuccesses = c.readySuccesses + 1;\n          n.readyFailures = 0;',
    to: 'n.readySuccesses = c.readySuccesses + 1;',
  },
  {
    // The startup gate is kept twice: the rule refuses a liveness result before the startup probe
    // passed (probeStateRule, whose refusal the user reads), and the container chart has no
    // liveness transition there (stateIn startup.passed, for an XState actor of the chart). A slip
    // in either alone is masked by the other, so the bug is the misunderstanding that removes the
    // gate from the liveness worker in both: liveness probes run from the container's start, as
    // before startup probes existed.
    id: 'liveness-before-startup',
    family: 'startup probe gating (worker.doProbe)',
    bug: 'liveness probes run (and kill) before the startup probe passed',
    edits: [
      {
        file: 'packages/core/src/machines/containerRules.ts',
        from: "if (kind !== 'startup' && !started) {",
        to: "if (kind === 'readiness' && !started) {",
      },
      {
        file: 'packages/core/src/machines/containerMachine.ts',
        from: "guard: and([stateIn('#container.running.up.startup.passed'), 'livenessProbeCounts']),",
        to: "guard: 'livenessProbeCounts',",
      },
      {
        file: 'packages/core/src/machines/containerMachine.ts',
        from: "guard: when('livenessProbeKills'),",
        to: "guard: 'livenessProbeKills',",
      },
    ],
  },
  {
    id: 'app-waits-sidecars',
    family: 'app restarts (computePodActions)',
    bug: 'an app container restart waits for every sidecar to run',
    file: 'packages/core/src/machines/podRules.ts',
    from: 'return firstInSandbox && !pod.initialized ? initBlocker(pod, c.index) : undefined;',
    to: "if (c.role === 'app' && pod.containers.some((o) => o.ctx.role === 'sidecar' && !o.value.startsWith('running.up'))) return refuse('init_running', 'computePodActions', 'a sidecar is not running');\n  return firstInSandbox && !pod.initialized ? initBlocker(pod, c.index) : undefined;",
  },
  {
    id: 'evicted-succeeded',
    family: 'eviction (eviction_manager evictPod)',
    bug: 'an evicted Pod whose apps exited 0 ends Succeeded',
    file: 'packages/core/src/machines/podRules.ts',
    from: "if (pod.statusReason?.reason === 'Evicted') return 'Failed';",
    to: '',
  },
  {
    id: 'nodename-never',
    family: 'scheduling (NodeName.Filter)',
    bug: 'a Pod with spec.nodeName is never schedulable',
    file: 'packages/core/src/machines/podRules.ts',
    from: 'if (spec.nodeName !== undefined && spec.nodeName !== name)',
    to: 'if (spec.nodeName !== undefined)',
  },
  {
    id: 'started-at-exit',
    family: 'container status (state.terminated)',
    bug: 'terminated.startedAt is the exit time',
    file: 'packages/core/src/machines/containerRules.ts',
    from: 'startedAt: c.startedAt ?? e.time,\n          finishedAt: e.time,',
    to: 'startedAt: e.time,\n          finishedAt: e.time,',
  },
];
