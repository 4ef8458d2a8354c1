import { describe, expect, it } from 'vitest';
import type { TDraft } from '../../modules/dossier-drafts/dossier-drafts.schema.ts';
import { flowPages, nextPath, previousPath, resumePath } from './submission-flow.ts';

const component = (code: string, isRequired: boolean) => ({ code, name: code, isRequired, originals: 1, copies: 0 });
const draftWith = (answers: TDraft['answers']) =>
  ({
    id: 'd',
    answers,
    procedure: { components: [component('to-khai', true), component('uy-quyen', false)] },
  }) as unknown as TDraft;

describe('the online submission’s page order', () => {
  it('asks for whom only when not applying for oneself, then one page per component', () => {
    expect(flowPages(draftWith({ applyingAs: 'self' })).map((p) => p.page)).toEqual([
      'nguoi-nop',
      'thong-tin',
      'noi-nop',
      'giay-to/to-khai',
      'giay-to/uy-quyen',
    ]);
    expect(flowPages(draftWith({ applyingAs: 'other' })).map((p) => p.page)).toContain('chu-ho-so');
  });

  it('resumes at the first unanswered page, or at check answers when all are answered', () => {
    expect(resumePath(draftWith({}))).toBe('/nop-ho-so/d/nguoi-nop');
    const applicant = { fullName: 'A', address: 'B' };
    const done = { applyingAs: 'self' as const, applicant, receivingUnitId: 'u', componentsDone: ['to-khai'] };
    expect(resumePath(draftWith(done))).toBe('/nop-ho-so/d/giay-to/uy-quyen');
    expect(resumePath(draftWith({ ...done, componentsDone: ['to-khai', 'uy-quyen'] }))).toBe('/nop-ho-so/d/kiem-tra');
  });

  it('goes on to the next page, or back to check answers after a change (through a page the change opened)', () => {
    const all = {
      applyingAs: 'other' as const,
      applicant: { fullName: 'A', address: 'B' },
      receivingUnitId: 'u',
      componentsDone: ['to-khai', 'uy-quyen'],
    };
    expect(nextPath(draftWith(all), 'nguoi-nop', false)).toBe('/nop-ho-so/d/chu-ho-so');
    expect(nextPath(draftWith({ ...all, owner: { fullName: 'C' } }), 'thong-tin', true)).toBe('/nop-ho-so/d/kiem-tra');
    expect(nextPath(draftWith(all), 'nguoi-nop', true)).toBe('/nop-ho-so/d/chu-ho-so?quay-lai=kiem-tra');
    expect(previousPath(draftWith(all), 'thong-tin')).toBe('/nop-ho-so/d/chu-ho-so');
    expect(previousPath(draftWith(all), 'nguoi-nop')).toBeNull();
  });
});
