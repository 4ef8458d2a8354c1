import type { HandlerInput, HandlerResult } from './outgoing-actions.ts';

/**
 * The review and approval steps (NĐ 30/2020 Art. 10–12): the drafter submits, a reviewer checks content and format
 * and passes it on or returns it with comments, a leader approves. These steps change only the status; the policy
 * has already decided who may take them, and the comments travel as the note of the log entry.
 */

export async function submit(_input: HandlerInput<'submit'>): Promise<HandlerResult> {
  return { data: {} };
}

export async function returnWithComments({ loaded }: HandlerInput<'return'>): Promise<HandlerResult> {
  return { data: { returnedFrom: loaded.row.status } };
}

export async function review(_input: HandlerInput<'review'>): Promise<HandlerResult> {
  return { data: {} };
}

export async function approve(_input: HandlerInput<'approve'>): Promise<HandlerResult> {
  return { data: {} };
}

export async function cancel(_input: HandlerInput<'cancel'>): Promise<HandlerResult> {
  return { data: {} };
}
