/**
 * Roles and what they allow: data the compiler checks. A role is always held within a unit (or one agency of
 * it); whether it reaches the units below is part of each grant, defaulting to the role's `inheritsByDefault`.
 */
export const ROLES = ['clerk', 'one_stop_officer', 'specialist', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** See units and agencies of the scope in the administration area. */
  'units.read',
  /** Create and change administrative units and their successions. */
  'units.manage',
  /** Create and change agencies. */
  'agencies.manage',
  /** See staff accounts of the scope. */
  'users.read',
  /** Create, disable, unlock staff accounts of the scope. */
  'users.manage',
  /** Grant and revoke roles within the scope. */
  'roles.manage',
  /** Read the audit trail of the scope. */
  'audit.read',
  /** Edit the working-day calendar (holidays, swapped days); held on a province-level unit. */
  'calendar.manage',
  /** Create and version the procedure catalogue and its workflows; held over the publishing province's subtree. */
  'procedures.manage',
  /** See dossiers (hồ sơ) placed in the scope: at a step there, or received by a desk there. */
  'dossiers.read',
  /** Receive dossiers at a one-stop desk: accept, ask for a supplement, refuse, take them at the counter. */
  'dossiers.receive',
  /** Work a workflow step of a dossier: forward, transfer, return, consult, reply, suspend, register results. */
  'dossiers.process',
  /** Decide on a dossier at a decision step: approve or reject. */
  'dossiers.approve',
  /** Assign the dossiers of the scope to officers. */
  'dossiers.assign',
  /** See the service-delivery figures (received, on time, late, overdue) of the units of the scope. */
  'reports.read',
  /** See the online payments of dossiers received in the scope, and reconcile them with the gateway. */
  'payments.read',
  /** See the official documents (văn bản đi/đến) of the scope's agencies. */
  'documents.read',
  /** Draft outgoing documents and revise them after comments. */
  'documents.draft',
  /** Check drafts before approval (content, format) and return them with comments. */
  'documents.review',
  /** Approve and sign outgoing documents (leaders). */
  'documents.approve',
  /** Assign incoming documents for handling: lead, coordinators, deadline (leaders). */
  'documents.assign',
  /** Keep the registers (văn thư): number and release outgoing documents, register incoming ones, print registers. */
  'documents.register',
  /** Handle incoming documents assigned to the holder or their unit: record progress, complete. */
  'documents.handle',
  /** Manage the document-exchange address book and peers, and read the exchange trace of the scope's agencies. */
  'exchange.manage',
  /** See the work records (hồ sơ công việc) of the scope's agencies; an officer always sees their own. */
  'records.read',
  /** Open work records for the scope's agencies, file items into one's own records and close them. */
  'records.manage',
  /** Reopen a closed work record before it is handed over to the archive (leaders). */
  'records.reopen',
  /** Receive work records handed over to the agency's archive (nộp lưu; văn thư/lưu trữ). */
  'records.archive',
  /** See the tasks of the scope's agencies (a unit's tasks); officers always see their own. */
  'tasks.read',
  /** Give tasks to officers of the scope, cancel them and close them (leaders). */
  'tasks.assign',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_DEFINITIONS = {
  clerk: {
    permissions: [
      'units.read',
      'dossiers.read',
      'dossiers.process',
      'documents.read',
      'documents.review',
      'documents.register',
      'records.read',
      'records.manage',
      'records.archive',
    ],
    inheritsByDefault: false,
  },
  one_stop_officer: {
    permissions: ['units.read', 'dossiers.read', 'dossiers.receive', 'dossiers.process', 'payments.read'],
    inheritsByDefault: false,
  },
  specialist: {
    permissions: [
      'units.read',
      'dossiers.read',
      'dossiers.process',
      'documents.read',
      'documents.draft',
      'documents.handle',
      'records.manage',
    ],
    inheritsByDefault: false,
  },
  leader: {
    permissions: [
      'units.read',
      'users.read',
      'audit.read',
      'dossiers.read',
      'dossiers.process',
      'dossiers.approve',
      'dossiers.assign',
      'reports.read',
      'payments.read',
      'documents.read',
      'documents.draft',
      'documents.review',
      'documents.approve',
      'documents.assign',
      'documents.handle',
      'records.read',
      'records.manage',
      'records.reopen',
      'tasks.read',
      'tasks.assign',
    ],
    inheritsByDefault: true,
  },
  admin: {
    permissions: [
      'units.read',
      'units.manage',
      'agencies.manage',
      'users.read',
      'users.manage',
      'roles.manage',
      'audit.read',
      'calendar.manage',
      'procedures.manage',
      'reports.read',
      'exchange.manage',
    ],
    inheritsByDefault: true,
  },
} as const satisfies Record<Role, { permissions: readonly Permission[]; inheritsByDefault: boolean }>;

/** True when the role carries the permission. */
export function roleAllows(role: Role, permission: Permission): boolean {
  return (ROLE_DEFINITIONS[role].permissions as readonly Permission[]).includes(permission);
}

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
