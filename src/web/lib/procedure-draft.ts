import type { TVersionBody } from '../../modules/procedures/procedures.schema.ts';

/**
 * The draft editor's working copy: every field as the reader typed it (strings), so a round trip through the
 * server ("add a step", a refused save) loses nothing. Pure: shared by the page and its action.
 */

export type StepForm = {
  id: string;
  name: string;
  kind: string;
  role: string;
  at: string;
  agencyKind: string;
  agencyCode: string;
  duration: string;
  /** `action:step` pairs separated by commas, e.g. `forward:tham-dinh, return:tiep-nhan`. */
  transitions: string;
};
export type FeeForm = { code: string; name: string; amount: string; kind: string };
export type ComponentForm = {
  code: string;
  name: string;
  originals: string;
  copies: string;
  isRequired: string;
  templateFile: string;
  registryKind: string;
};
export type DraftForm = {
  deadlineUnit: 'workingDays' | 'workingHours';
  deadline: string;
  start: string;
  fees: FeeForm[];
  components: ComponentForm[];
  steps: StepForm[];
};

/** A problem found before the service is asked, shaped like VALIDATION_FAILED's issues. */
export type DraftIssue = { path: string; message: string; rule?: string; text?: string };

const STEP_FIELDS = [
  'id',
  'name',
  'kind',
  'role',
  'at',
  'agencyKind',
  'agencyCode',
  'duration',
  'transitions',
] as const;
const FEE_FIELDS = ['code', 'name', 'amount', 'kind'] as const;
const COMPONENT_FIELDS = ['code', 'name', 'originals', 'copies', 'isRequired', 'templateFile', 'registryKind'] as const;

/** A decimal as people type it here: `1,5` or `1.5`. */
function decimalText(value: number): string {
  return String(value).replace('.', ',');
}

/** The working copy of a stored version. */
export function formFromBody(body: Pick<TVersionBody, 'deadline' | 'fees' | 'components' | 'workflow'>): DraftForm {
  const inDays = 'workingDays' in body.deadline;
  return {
    deadlineUnit: inDays ? 'workingDays' : 'workingHours',
    deadline: String('workingDays' in body.deadline ? body.deadline.workingDays : body.deadline.workingHours),
    start: body.workflow.start,
    fees: body.fees.map((f) => ({ code: f.code, name: f.name, amount: String(f.amount), kind: f.kind })),
    components: body.components.map((c) => ({
      code: c.code,
      name: c.name,
      originals: String(c.originals),
      copies: String(c.copies),
      isRequired: c.isRequired ? 'true' : '',
      templateFile: c.templateFile ?? '',
      registryKind: c.registryKind ?? '',
    })),
    steps: body.workflow.steps.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      role: s.actor.role,
      at: s.actor.at,
      agencyKind: s.actor.agencyKind ?? '',
      agencyCode: s.actor.agencyCode ?? '',
      duration: decimalText('workingDays' in s.duration ? s.duration.workingDays : s.duration.workingHours),
      transitions: s.transitions.map((t) => `${t.action}:${t.to}`).join(', '),
    })),
  };
}

function rows<F extends string>(data: FormData, prefix: string, fields: readonly F[]): Record<F, string>[] {
  const count = Math.min(Number(data.get(`${prefix}Count`)) || 0, 100);
  const list: Record<F, string>[] = [];
  for (let i = 0; i < count; i++) {
    const row = {} as Record<F, string>;
    for (const field of fields) {
      const value = data.get(`${prefix}.${i}.${field}`);
      row[field] = typeof value === 'string' ? value : '';
    }
    list.push(row);
  }
  return list;
}

/** The working copy as the editor's form posted it. */
export function formFromData(data: FormData): DraftForm {
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    deadlineUnit: text('deadlineUnit') === 'workingHours' ? 'workingHours' : 'workingDays',
    deadline: text('deadline'),
    start: text('start'),
    fees: rows(data, 'fees', FEE_FIELDS),
    components: rows(data, 'components', COMPONENT_FIELDS),
    steps: rows(data, 'steps', STEP_FIELDS),
  };
}

const emptyStep = (n: number): StepForm => ({
  id: `buoc-${n}`,
  name: '',
  kind: 'task',
  role: 'specialist',
  at: 'commune',
  agencyKind: '',
  agencyCode: '',
  duration: '',
  transitions: '',
});

/**
 * Applies an editing button (`addStep`, `removeStep:2`, `addFee`, `removeFee:0`, `addComponent`,
 * `removeComponent:1`) to the working copy; null when the intent is not one of them.
 */
export function editDraft(form: DraftForm, intent: string): DraftForm | null {
  const [what, at] = intent.split(':');
  const index = Number(at);
  const without = <T>(list: T[]) => list.filter((_, i) => i !== index);
  switch (what) {
    case 'addStep':
      return { ...form, steps: [...form.steps, emptyStep(form.steps.length + 1)] };
    case 'removeStep':
      return { ...form, steps: without(form.steps) };
    case 'addFee':
      return { ...form, fees: [...form.fees, { code: '', name: '', amount: '0', kind: 'charge' }] };
    case 'removeFee':
      return { ...form, fees: without(form.fees) };
    case 'addComponent':
      return {
        ...form,
        components: [
          ...form.components,
          { code: '', name: '', originals: '1', copies: '0', isRequired: 'true', templateFile: '', registryKind: '' },
        ],
      };
    case 'removeComponent':
      return { ...form, components: without(form.components) };
    default:
      return null;
  }
}

/** A whole number typed with or without thousands dots (`50.000`), or null. */
function wholeNumber(text: string): number | null {
  const compact = text.replace(/\s/g, '');
  if (!/^\d+$/.test(compact) && !/^\d{1,3}(\.\d{3})+$/.test(compact)) return null;
  return Number(compact.replace(/\./g, ''));
}

/** A decimal typed with a comma or a point (`1,5`), or null. */
function decimal(text: string): number | null {
  const compact = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(compact) ? Number(compact) : null;
}

/**
 * The version body the service checks: the working copy's deadline, fees, components and workflow over the stored
 * draft's other facts. Numbers that cannot be read are reported here (the service never sees them).
 */
export function bodyFromForm(form: DraftForm, stored: TVersionBody): { body: TVersionBody; issues: DraftIssue[] } {
  const issues: DraftIssue[] = [];
  const number = (path: string, text: string, read: (t: string) => number | null): number => {
    const value = read(text);
    if (value === null) {
      issues.push({ path: `body.${path}`, rule: 'not_number', message: 'not a number' });
      return 0;
    }
    return value;
  };
  const unit = form.deadlineUnit;
  const deadline = number('deadline', form.deadline, wholeNumber);
  const steps = form.steps.map((s, i) => {
    const transitions = s.transitions
      .split(/[,;\n]+/)
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part, j) => {
        const match = /^([a-z_]+)\s*(?::|->|→)\s*(\S+)$/.exec(part);
        if (!match) {
          issues.push({
            path: `body.workflow.steps.${i}.transitions.${j}`,
            rule: 'bad_transition',
            message: 'unreadable',
            text: part,
          });
          return { action: 'forward', to: '' };
        }
        return { action: match[1] ?? '', to: match[2] ?? '' };
      });
    const duration = number(`workflow.steps.${i}.duration`, s.duration, decimal);
    return {
      id: s.id.trim(),
      name: s.name,
      kind: s.kind,
      actor: {
        role: s.role,
        at: s.at,
        ...(s.agencyKind ? { agencyKind: s.agencyKind } : {}),
        ...(s.agencyCode.trim() ? { agencyCode: s.agencyCode.trim() } : {}),
      },
      duration: unit === 'workingDays' ? { workingDays: duration } : { workingHours: duration },
      transitions,
    };
  });
  const body = {
    ...stored,
    deadline: unit === 'workingDays' ? { workingDays: deadline } : { workingHours: deadline },
    fees: form.fees.map((f, i) => ({
      code: f.code.trim(),
      name: f.name,
      amount: number(`fees.${i}.amount`, f.amount, wholeNumber),
      kind: f.kind,
    })),
    components: form.components.map((c, i) => ({
      code: c.code.trim(),
      name: c.name,
      originals: number(`components.${i}.originals`, c.originals, wholeNumber),
      copies: number(`components.${i}.copies`, c.copies, wholeNumber),
      templateFile: c.templateFile.trim() || null,
      isRequired: c.isRequired === 'true',
      registryKind: c.registryKind || null,
    })),
    workflow: { start: form.start.trim(), steps },
  } as TVersionBody;
  return { body, issues };
}
