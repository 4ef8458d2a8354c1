import type { TDraft } from '../../modules/dossier-drafts/dossier-drafts.schema.ts';

/**
 * The order of the online submission's question pages, from a draft's answers (pure: pages and actions share it).
 * One question per page: who applies, for whom (only when not for themselves), the applicant's details, where to
 * send it, one page per dossier component, then check answers.
 */

export const CHECK_PAGE = 'kiem-tra';
/** How long a draft is kept after its last save: the drafts module's DRAFT_LIFETIME_DAYS (a test keeps them equal). */
export const DRAFT_DAYS = 30;
/** The query parameter a "Thay đổi" link sets, so the page returns to check answers once saved. */
export const RETURN_PARAM = 'quay-lai';

type Page = { page: string; done: boolean };

/** Every page of this draft in order, with whether it has been answered. */
export function flowPages(draft: Pick<TDraft, 'answers' | 'procedure'>): Page[] {
  const a = draft.answers;
  const pages: Page[] = [{ page: 'nguoi-nop', done: a.applyingAs !== undefined }];
  if (a.applyingAs === 'other' || a.applyingAs === 'business') {
    pages.push({ page: 'chu-ho-so', done: a.owner !== undefined });
  }
  pages.push({ page: 'thong-tin', done: a.applicant !== undefined });
  pages.push({ page: 'noi-nop', done: a.receivingUnitId !== undefined });
  for (const c of draft.procedure.components) {
    pages.push({ page: `giay-to/${c.code}`, done: (a.componentsDone ?? []).includes(c.code) });
  }
  return pages;
}

/** The address of one page of a draft. */
export function draftPath(id: string, page: string): string {
  return `/nop-ho-so/${id}/${page}`;
}

/** Where a resumed draft opens: the first page not yet answered, or check answers when all are. */
export function resumePath(draft: Pick<TDraft, 'id' | 'answers' | 'procedure'>): string {
  const open = flowPages(draft).find((p) => !p.done);
  return draftPath(draft.id, open ? open.page : CHECK_PAGE);
}

/**
 * Where "Tiếp tục" leads after `page` was saved: back to check answers when the reader came from there (and every
 * page is still answered), else the next page of the flow (pages added by the answer, such as "for whom", included).
 */
export function nextPath(
  draft: Pick<TDraft, 'id' | 'answers' | 'procedure'>,
  page: string,
  returning: boolean,
): string {
  const pages = flowPages(draft);
  if (returning) {
    // A changed answer may open a page (for whom, once "for someone else" is chosen): ask it, then come back.
    const open = resumePath(draft);
    return open.endsWith(`/${CHECK_PAGE}`) ? open : `${open}?${RETURN_PARAM}=${CHECK_PAGE}`;
  }
  const at = pages.findIndex((p) => p.page === page);
  const next = pages[at + 1];
  return draftPath(draft.id, next ? next.page : CHECK_PAGE);
}

/** The page before `page`, for the back link. */
export function previousPath(draft: Pick<TDraft, 'id' | 'answers' | 'procedure'>, page: string): string | null {
  const pages = flowPages(draft);
  const at = page === CHECK_PAGE ? pages.length : pages.findIndex((p) => p.page === page);
  const previous = at > 0 ? pages[at - 1] : undefined;
  return previous ? draftPath(draft.id, previous.page) : null;
}
