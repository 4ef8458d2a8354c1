import type { AppConfig } from '../../config.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { DossierEvent } from '../dossiers/dossiers.deps.ts';
import type { SyncAction, SyncSnapshot } from '../dvcqg-sync/dvcqg-mapper.ts';
import type { SyncStatus } from '../dvcqg-sync/dvcqg-model.ts';
import { dvcqgSyncEnabled } from '../dvcqg-sync/dvcqg-sync.ts';
import { recordSyncChange } from '../dvcqg-sync/outbox.ts';
import { type ApplicantEvent, notifyApplicant } from '../notifications/notify-applicant.ts';
import {
  ACTION_NAMES_VI,
  type DossierFacts,
  actionData,
  committeeOf,
  loadDossierFacts,
  resultPickupOf,
} from './dossier-facts.ts';

/**
 * The dossier module's outbox hook (`DossierDeps.dossierOutbox`), run in the transaction of every recorded action:
 * it records the action's calls for the national portal (when a portal is configured) and queues the applicant's
 * notice for the actions that have one. Both commit or roll back with the action.
 */
export function createDossierOutbox(platform: { config: Pick<AppConfig, 'dvcqg' | 'publicUrl'>; jobs: Jobs }) {
  return async (trx: Tx, event: DossierEvent): Promise<void> => {
    const sync = dvcqgSyncEnabled(platform.config);
    const noticeWanted = NOTICE_ACTIONS.has(event.action);
    if (!sync && !noticeWanted) return;
    const facts = await loadDossierFacts(trx, event.dossierId);
    if (!facts) return;
    if (sync) {
      await recordSyncChange(trx, platform.jobs, {
        dossierId: event.dossierId,
        unitId: event.receivingUnitId,
        snapshot: syncSnapshot(facts, platform.config.publicUrl),
        action: syncAction(facts, event),
      });
    }
    const notice = noticeFor(facts, event);
    if (notice) {
      const d = facts.dossier;
      await notifyApplicant(trx, platform.jobs, {
        event: notice,
        dossier: {
          code: d.code,
          procedureName: facts.labels.procedure_name,
          agencyName: `${facts.labels.receiving_agency_name} ${committeeOf(facts.labels.receiving_unit_name)}`,
          applicant: { fullName: d.applicant_name, email: d.applicant_email, phone: d.applicant_phone },
        },
        language: 'vi',
        publicUrl: platform.config.publicUrl,
      });
    }
  };
}

const NOTICE_ACTIONS = new Set(['receive', 'accept', 'request_supplement', 'register_result', 'apologize']);

/** The applicant's notice for an action, if it has one. */
function noticeFor(facts: DossierFacts, event: DossierEvent): ApplicantEvent | undefined {
  const entry = facts.timeline.find((a) => a.seq === event.seq);
  if (!entry) return undefined;
  const data = actionData(entry);
  const d = facts.dossier;
  switch (event.action) {
    case 'receive':
    case 'accept':
      return d.received_at && d.due_at
        ? { kind: 'received', receivedAt: d.received_at, dueAt: d.due_at, resultPickup: resultPickupOf(facts) }
        : undefined;
    case 'request_supplement':
      return { kind: 'supplement_requested', items: (data.items as string[] | undefined) ?? [] };
    case 'register_result':
      return { kind: 'result_ready', resultPickup: resultPickupOf(facts) };
    case 'apologize':
      return {
        kind: 'apology',
        previousDueAt: new Date(String(data.previousDueAt)),
        newDueAt: new Date(String(data.dueAt)),
        reason: String(data.reason ?? ''),
      };
    default:
      return undefined;
  }
}

/** The dossier as the portal sees it right after the action. */
export function syncSnapshot(facts: DossierFacts, publicUrl: string): SyncSnapshot {
  const d = facts.dossier;
  const owner = d.on_behalf_of as { fullName?: string } | null;
  const fileUrl = (id: string) => `${publicUrl}/api/v1/dossiers/${d.id}/files/${id}`;
  // Supplements: each request, the supply that answered it, and the due times before and after.
  const supplements: SyncSnapshot['supplements'] = [];
  let due: Date | null = null;
  for (const entry of facts.timeline) {
    const data = actionData(entry);
    if (entry.action === 'request_supplement') {
      supplements.push({
        id: `${d.id}:${entry.seq}`,
        requestedBy: entry.actor_name,
        items: (data.items as string[] | undefined) ?? [],
        requestedAt: entry.at,
        suppliedAt: null,
        previousDueAt: due,
        newDueAt: null,
      });
    }
    if (typeof data.dueAt === 'string') {
      due = new Date(data.dueAt);
    }
    const open = supplements.at(-1);
    if (entry.action === 'supply' && open && !open.suppliedAt) {
      open.suppliedAt = entry.at;
      open.newDueAt = due;
    }
  }
  return {
    code: d.code,
    procedure: {
      code: facts.labels.procedure_code,
      name: facts.labels.procedure_name,
      fieldCode: facts.field?.code ?? null,
      fieldName: facts.field?.name ?? null,
    },
    applicant: {
      kind: d.applicant_kind,
      fullName: d.applicant_name,
      personalId: d.applicant_personal_id,
      taxCode: d.applicant_tax_code,
      email: d.applicant_email,
      phone: d.applicant_phone,
      address: d.applicant_address,
    },
    ownerName: owner?.fullName ?? null,
    status: d.status as SyncStatus,
    receivedAt: d.received_at,
    dueAt: d.due_at,
    completedAt: d.completed_at,
    returnedAt: d.returned_at,
    returnMethod: d.return_method,
    resultNumber: d.result_number,
    processingUnitName: facts.labels.current_agency_name ?? facts.labels.current_unit_name,
    note: null,
    files: facts.files.map((f) => ({
      id: f.id,
      name: f.filename,
      componentCode: f.component_code,
      kind: f.kind,
      url: fileUrl(f.id),
    })),
    fees: facts.fees.map((f) => ({
      code: f.code,
      name: f.name,
      kind: f.kind === 'charge' ? 'charge' : 'fee',
      amount: Number(f.amount),
      paid: f.paid_at !== null,
    })),
    supplements,
  };
}

/** The action as the portal's progress log reports it. */
function syncAction(facts: DossierFacts, event: DossierEvent): SyncAction {
  const entry = facts.timeline.find((a) => a.seq === event.seq);
  const name = ACTION_NAMES_VI[event.action] ?? event.action;
  return {
    seq: event.seq,
    description: entry?.note ? `${name}: ${entry.note}` : name,
    at: event.at,
    actorName: entry?.actor_name ?? null,
    actorTitle: null,
    unitName: entry?.agency_name ?? entry?.unit_name ?? null,
    status: event.toStatus as SyncStatus,
    stepStartedAt: entry?.to_step_id ? event.at : null,
    stepDueAt: entry?.to_step_id ? facts.dossier.step_due_at : null,
  };
}
