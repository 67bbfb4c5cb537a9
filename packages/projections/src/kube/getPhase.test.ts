import { describe, expect, it } from 'vitest';
import {
  c,
  failedState,
  runningState,
  sidecar,
  spec,
  startedState,
  stoppedState,
  succeededState,
  waitingState,
  waitingStateWithLastTermination,
  waitingStateWithNonZeroTermination,
} from '../../test/testStatuses.js';
import { getPhase } from './getPhase.js';
import type { ContainerStatus, PodPhase } from './types.js';

type Case = [
  name: string,
  statuses: ContainerStatus[],
  expected: PodPhase,
  podIsTerminal?: boolean,
  podHasInitialized?: boolean,
];

function table(title: string, podSpec: ReturnType<typeof spec>, cases: Case[]) {
  describe(title, () => {
    it.each(cases)(
      'getPhase: %s',
      (_name, statuses, expected, podIsTerminal = false, podHasInitialized = false) => {
        expect(getPhase(podSpec, statuses, podIsTerminal, podHasInitialized)).toBe(expected);
      },
    );
  });
}

const AB = ['containerA', 'containerB'];

table('TestPodPhaseWithRestartAlways', spec({ containers: AB, restartPolicy: 'Always' }), [
  ['waiting', [], 'Pending'],
  ['all running', [runningState('containerA'), runningState('containerB')], 'Running'],
  ['all stopped with restart always', [stoppedState('containerA'), stoppedState('containerB')], 'Running'],
  [
    'all succeeded with restart always, but the pod is terminal',
    [succeededState('containerA'), succeededState('containerB')],
    'Succeeded',
    true,
  ],
  [
    'all stopped with restart always, but the pod is terminal',
    [succeededState('containerA'), failedState('containerB')],
    'Failed',
    true,
  ],
  ['mixed state #1 with restart always', [runningState('containerA'), stoppedState('containerB')], 'Running'],
  ['mixed state #2 with restart always', [runningState('containerA')], 'Pending'],
  ['mixed state #3 with restart always', [runningState('containerA'), waitingState('containerB')], 'Pending'],
  [
    'backoff crashloop container with restart always',
    [runningState('containerA'), waitingStateWithLastTermination('containerB')],
    'Running',
  ],
]);

table(
  'TestPodPhaseWithRestartAlwaysInitContainers',
  spec({ init: [c('containerX')], containers: AB, restartPolicy: 'Always' }),
  [
    ['empty, waiting', [], 'Pending'],
    ['init container running', [runningState('containerX')], 'Pending'],
    ['init container terminated non-zero', [failedState('containerX')], 'Pending'],
    ['init container waiting, terminated zero', [waitingStateWithLastTermination('containerX')], 'Pending'],
    [
      'init container waiting, terminated non-zero',
      [waitingStateWithNonZeroTermination('containerX')],
      'Pending',
    ],
    ['init container waiting, not terminated', [waitingState('containerX')], 'Pending'],
    [
      'init container succeeded',
      [succeededState('containerX'), runningState('containerA'), runningState('containerB')],
      'Running',
    ],
  ],
);

table(
  'TestPodPhaseWithRestartAlwaysRestartableInitContainers',
  spec({ init: [sidecar('containerX')], containers: AB, restartPolicy: 'Always' }),
  [
    ['empty, waiting', [], 'Pending'],
    ['restartable init container running', [runningState('containerX')], 'Pending'],
    ['restartable init container stopped', [stoppedState('containerX')], 'Pending'],
    [
      'restartable init container waiting, terminated zero',
      [waitingStateWithLastTermination('containerX')],
      'Pending',
    ],
    [
      'restartable init container waiting, terminated non-zero',
      [waitingStateWithNonZeroTermination('containerX')],
      'Pending',
    ],
    ['restartable init container waiting, not terminated', [waitingState('containerX')], 'Pending'],
    [
      'restartable init container started, 1/2 regular container running',
      [startedState('containerX'), runningState('containerA')],
      'Pending',
      false,
      true,
    ],
    [
      'restartable init container started, all regular containers running',
      [startedState('containerX'), runningState('containerA'), runningState('containerB')],
      'Running',
      false,
      true,
    ],
    [
      'restartable init container running, all regular containers running',
      [runningState('containerX'), runningState('containerA'), runningState('containerB')],
      'Running',
      false,
      true,
    ],
    [
      'restartable init container stopped, all regular containers running',
      [stoppedState('containerX'), runningState('containerA'), runningState('containerB')],
      'Running',
      false,
      true,
    ],
    [
      'backoff crashloop restartable init container, all regular containers running',
      [waitingStateWithLastTermination('containerX'), runningState('containerA'), runningState('containerB')],
      'Running',
      false,
      true,
    ],
    [
      'all regular containers succeeded and restartable init container failed with restart always, but the pod is terminal',
      [failedState('containerX'), succeededState('containerA'), succeededState('containerB')],
      'Succeeded',
      true,
      true,
    ],
    [
      'all regular containers succeeded and restartable init container succeeded with restart always, but the pod is terminal',
      [succeededState('containerX'), succeededState('containerA'), succeededState('containerB')],
      'Succeeded',
      true,
      true,
    ],
    [
      're-initializing the pod after the sandbox is recreated',
      [runningState('containerX'), runningState('containerA'), runningState('containerB')],
      'Pending',
      false,
      false,
    ],
  ],
);

table(
  'TestPodPhaseWithRestartAlwaysAndPodHasRun',
  spec({
    init: [c('containerX'), sidecar('containerY')],
    containers: ['containerA'],
    restartPolicy: 'Always',
  }),
  [
    [
      'regular init containers, restartable init container and regular container are all running',
      [runningState('containerX'), runningState('containerY'), runningState('containerA')],
      'Pending',
      false,
      false,
    ],
    [
      'regular containers is stopped, restartable init container and regular int container are both running',
      [runningState('containerX'), runningState('containerY'), stoppedState('containerA')],
      'Pending',
      false,
      false,
    ],
    [
      're-created sandbox: regular init container is succeeded, restartable init container is running, old regular containers is stopped',
      [succeededState('containerX'), runningState('containerY'), stoppedState('containerA')],
      'Pending',
      false,
      false,
    ],
    [
      'regular init container is succeeded, restartable init container is running, regular containers is stopped',
      [succeededState('containerX'), runningState('containerY'), stoppedState('containerA')],
      'Running',
      false,
      true,
    ],
    [
      'regular init container is succeeded, restartable init container and regular containers are both running',
      [succeededState('containerX'), runningState('containerY'), runningState('containerA')],
      'Running',
      false,
      true,
    ],
  ],
);

table('TestPodPhaseWithRestartNever', spec({ containers: AB, restartPolicy: 'Never' }), [
  ['waiting', [], 'Pending'],
  ['all running with restart never', [runningState('containerA'), runningState('containerB')], 'Running'],
  [
    'all succeeded with restart never',
    [succeededState('containerA'), succeededState('containerB')],
    'Succeeded',
  ],
  ['all failed with restart never', [failedState('containerA'), failedState('containerB')], 'Failed'],
  [
    'mixed state #1 with restart never',
    [runningState('containerA'), succeededState('containerB')],
    'Running',
  ],
  ['mixed state #2 with restart never', [runningState('containerA')], 'Pending'],
  ['mixed state #3 with restart never', [runningState('containerA'), waitingState('containerB')], 'Pending'],
]);

table(
  'TestPodPhaseWithRestartNeverInitContainers',
  spec({ init: [c('containerX')], containers: AB, restartPolicy: 'Never' }),
  [
    ['empty, waiting', [], 'Pending'],
    ['init container running', [runningState('containerX')], 'Pending'],
    ['init container terminated non-zero', [failedState('containerX')], 'Failed'],
    ['init container waiting, terminated zero', [waitingStateWithLastTermination('containerX')], 'Pending'],
    [
      'init container waiting, terminated non-zero',
      [waitingStateWithNonZeroTermination('containerX')],
      'Failed',
    ],
    ['init container waiting, not terminated', [waitingState('containerX')], 'Pending'],
    [
      'init container succeeded',
      [succeededState('containerX'), runningState('containerA'), runningState('containerB')],
      'Running',
    ],
  ],
);

table(
  'TestPodPhaseWithRestartNeverRestartableInitContainers',
  spec({ init: [sidecar('containerX')], containers: AB, restartPolicy: 'Never' }),
  [
    ['empty, waiting', [], 'Pending'],
    ['restartable init container running', [runningState('containerX')], 'Pending'],
    ['restartable init container stopped', [stoppedState('containerX')], 'Pending'],
    [
      'restartable init container waiting, terminated zero',
      [waitingStateWithLastTermination('containerX')],
      'Pending',
    ],
    [
      'restartable init container waiting, terminated non-zero',
      [waitingStateWithNonZeroTermination('containerX')],
      'Pending',
    ],
    ['restartable init container waiting, not terminated', [waitingState('containerX')], 'Pending'],
    [
      'restartable init container started, one main container running',
      [startedState('containerX'), runningState('containerA')],
      'Pending',
      false,
      true,
    ],
    [
      'restartable init container started, main containers succeeded',
      [startedState('containerX'), succeededState('containerA'), succeededState('containerB')],
      'Running',
      false,
      true,
    ],
    [
      'restartable init container re-running, main containers succeeded',
      [runningState('containerX'), succeededState('containerA'), succeededState('containerB')],
      'Running',
      false,
      true,
    ],
    [
      'all containers succeeded',
      [succeededState('containerX'), succeededState('containerA'), succeededState('containerB')],
      'Succeeded',
      false,
      true,
    ],
    [
      'restartable init container terminated non-zero, main containers succeeded',
      [failedState('containerX'), succeededState('containerA'), succeededState('containerB')],
      'Succeeded',
      false,
      true,
    ],
    [
      'backoff crashloop restartable init container, main containers succeeded',
      [
        waitingStateWithLastTermination('containerX'),
        succeededState('containerA'),
        succeededState('containerB'),
      ],
      'Succeeded',
      false,
      true,
    ],
    [
      'backoff crashloop with non-zero restartable init container, main containers succeeded',
      [
        waitingStateWithNonZeroTermination('containerX'),
        succeededState('containerA'),
        succeededState('containerB'),
      ],
      'Succeeded',
      false,
      true,
    ],
  ],
);

table('TestPodPhaseWithRestartOnFailure', spec({ containers: AB, restartPolicy: 'OnFailure' }), [
  ['waiting', [], 'Pending'],
  ['all running with restart onfailure', [runningState('containerA'), runningState('containerB')], 'Running'],
  [
    'all succeeded with restart onfailure',
    [succeededState('containerA'), succeededState('containerB')],
    'Succeeded',
  ],
  ['all failed with restart never', [failedState('containerA'), failedState('containerB')], 'Running'],
  [
    'mixed state #1 with restart onfailure',
    [runningState('containerA'), succeededState('containerB')],
    'Running',
  ],
  ['mixed state #2 with restart onfailure', [runningState('containerA')], 'Pending'],
  [
    'mixed state #3 with restart onfailure',
    [runningState('containerA'), waitingState('containerB')],
    'Pending',
  ],
  [
    'backoff crashloop container with restart onfailure',
    [runningState('containerA'), waitingStateWithLastTermination('containerB')],
    'Running',
  ],
]);

describe('getPhase defaults', () => {
  it('getPhase: a spec without restartPolicy behaves as Always (SetDefaults_PodSpec)', () => {
    expect(getPhase({ containers: [c('a')] }, [failedState('a')], false, false)).toBe('Running');
  });
});
