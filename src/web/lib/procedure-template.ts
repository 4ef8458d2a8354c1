import type { Level, WorkflowDefinition } from '../../modules/procedures/workflow-model.ts';

type Deadline = { workingDays: number } | { workingHours: number };
type Names = { receive: string; process: string; sign: string; give: string };

/**
 * The first workflow of a new procedure: the one-stop desk receives, a specialist of the deciding level examines,
 * a leader there approves, the desk returns the result. Reception and signature take half a day (or one hour); the
 * rest of the legal deadline goes to the examination, so the main path adds up as the validator requires. The
 * administrator then shapes it in the step editor. Null when the deadline is too short to share out (the page
 * says so). Pure.
 */
export function templateWorkflow(level: Level, deadline: Deadline, names: Names): WorkflowDefinition | null {
  const inDays = 'workingDays' in deadline;
  const total = inDays ? deadline.workingDays : deadline.workingHours;
  const edge = inDays ? 0.5 : 1;
  const middle = total - 2 * edge;
  if (middle <= 0) return null;
  const time = (n: number) => (inDays ? { workingDays: n } : { workingHours: n });
  return {
    start: 'tiep-nhan',
    steps: [
      {
        id: 'tiep-nhan',
        name: names.receive,
        kind: 'task',
        actor: { role: 'one_stop_officer', at: 'receiving_unit' },
        duration: time(edge),
        transitions: [{ action: 'forward', to: 'tham-dinh' }],
      },
      {
        id: 'tham-dinh',
        name: names.process,
        kind: 'task',
        actor: { role: 'specialist', at: level },
        duration: time(middle),
        transitions: [
          { action: 'forward', to: 'ky-duyet' },
          { action: 'return', to: 'tiep-nhan' },
        ],
      },
      {
        id: 'ky-duyet',
        name: names.sign,
        kind: 'task',
        actor: { role: 'leader', at: level },
        duration: time(edge),
        transitions: [
          { action: 'approve', to: 'tra-ket-qua' },
          { action: 'reject', to: 'tra-ket-qua' },
          { action: 'return', to: 'tham-dinh' },
        ],
      },
      {
        id: 'tra-ket-qua',
        name: names.give,
        kind: 'end',
        actor: { role: 'one_stop_officer', at: 'receiving_unit' },
        duration: time(0),
        transitions: [],
      },
    ],
  };
}
