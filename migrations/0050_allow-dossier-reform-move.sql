-- Reform (issue item 10): when units merge or a level is abolished, `egov reform move` records a `reform_move`
-- action on each open dossier of an ended unit, and moves its receiving desk with it when that unit ended too.
-- The receiving unit is the tenant key its files and fees point at, so those references follow it (ON UPDATE
-- CASCADE) instead of pinning the dossier to a unit that no longer exists.

ALTER TABLE dossier_actions DROP CONSTRAINT dossier_actions_action_check;
ALTER TABLE dossier_actions ADD CONSTRAINT dossier_actions_action_check CHECK (action IN ('submit', 'receive',
  'accept', 'request_supplement', 'supply', 'refuse', 'assign', 'forward', 'transfer', 'return', 'consult', 'reply',
  'approve', 'reject', 'suspend', 'resume', 'withdraw', 'apologize', 'register_result', 'return_result', 'rate',
  'reform_move'));
COMMENT ON COLUMN dossier_actions.action IS 'What was done: submit, receive, accept, request_supplement, supply, refuse, assign, forward, transfer, return, consult, reply, approve, reject, suspend, resume, withdraw, apologize, register_result, return_result, rate, or reform_move (recorded by the system when a reform moved the dossier to a successor unit).';

ALTER TABLE dossier_files DROP CONSTRAINT dossier_files_dossier_id_unit_id_fkey;
ALTER TABLE dossier_files ADD CONSTRAINT dossier_files_dossier_id_unit_id_fkey
  FOREIGN KEY (dossier_id, unit_id) REFERENCES dossiers (id, receiving_unit_id) ON UPDATE CASCADE;
ALTER TABLE dossier_fees DROP CONSTRAINT dossier_fees_dossier_id_unit_id_fkey;
ALTER TABLE dossier_fees ADD CONSTRAINT dossier_fees_dossier_id_unit_id_fkey
  FOREIGN KEY (dossier_id, unit_id) REFERENCES dossiers (id, receiving_unit_id) ON UPDATE CASCADE;
