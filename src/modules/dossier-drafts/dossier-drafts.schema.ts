import { z } from 'zod';
import { FILE_CONTENT_TYPES } from '../dossiers/files.ts';

/**
 * What a draft holds. The answers are saved page by page, each page's part validated on its own; the rules of a
 * whole submission (the applicant's identity, required components, the offer at the unit) stay the dossier
 * service's and run when the draft is submitted.
 */

const Text = (max: number) => z.string().trim().min(1).max(max);
const PersonalId = z.string().regex(/^\d{12}$/, '12 digits');
const TaxCode = z.string().regex(/^\d{10}(-\d{3})?$/, '10 digits, or 13 as 0123456789-001');

/** Who applies: for themselves, for another person (the dossier owner), or for a business. */
export const APPLYING_AS = ['self', 'other', 'business'] as const;
export type ApplyingAs = (typeof APPLYING_AS)[number];

/** The person or business the dossier is for, when not the applicant themselves. */
export const DraftOwner = z
  .object({
    fullName: Text(200),
    personalId: PersonalId.optional(),
    taxCode: TaxCode.optional(),
    relation: Text(100).optional(),
  })
  .strict();
export type TDraftOwner = z.infer<typeof DraftOwner>;

/** The applicant's own details (prefilled from the account, checked again by the dossier service). */
export const DraftApplicant = z
  .object({
    fullName: Text(200),
    personalId: PersonalId.optional(),
    /** A business account applies under its tax code. */
    taxCode: TaxCode.optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ]{8,15}$/, 'a phone number')
      .optional(),
    email: z.email().max(200).optional(),
    address: Text(500),
  })
  .strict();
export type TDraftApplicant = z.infer<typeof DraftApplicant>;

/** Every answer a draft may hold; each is optional until its page is done. */
export const DraftAnswers = z
  .object({
    applyingAs: z.enum(APPLYING_AS).optional(),
    owner: DraftOwner.optional(),
    applicant: DraftApplicant.optional(),
    receivingUnitId: z.uuid().optional(),
    /** Component pages the applicant has passed (an optional component may be left without a file). */
    componentsDone: z.array(z.string().max(40)).max(60).optional(),
    note: Text(2000).optional(),
  })
  .strict();
export type TDraftAnswers = z.infer<typeof DraftAnswers>;

/** A part of the answers, as one page saves it; `null` clears an answer. */
export const DraftAnswersPatch = z
  .object({
    applyingAs: z.enum(APPLYING_AS).optional(),
    owner: DraftOwner.nullable().optional(),
    applicant: DraftApplicant.optional(),
    receivingUnitId: z.uuid().optional(),
    componentDone: z.string().max(40).optional(),
    note: Text(2000).nullable().optional(),
  })
  .strict();
export type TDraftAnswersPatch = z.infer<typeof DraftAnswersPatch>;

/** One uploaded file of a draft: its bytes are in the blob store under `sha256`. */
export const DraftFile = z.object({
  id: z.uuid(),
  componentCode: z.string(),
  filename: z.string(),
  contentType: z.enum(FILE_CONTENT_TYPES),
  size: z.number().int(),
  sha256: z.string(),
});
export type TDraftFile = z.infer<typeof DraftFile>;

/** A draft as its owner sees it. */
export type TDraft = {
  id: string;
  procedure: {
    id: string;
    name: string;
    version: number;
    onlineLevel: string;
    components: { code: string; name: string; isRequired: boolean; originals: number; copies: number }[];
    fees: { code: string; name: string; amount: number }[];
    receivingLevels: string[];
    deadline: { workingDays: number } | { workingHours: number };
  };
  answers: TDraftAnswers;
  files: TDraftFile[];
  /** Set once submitted: the dossier it became. */
  dossierId: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
};

/** A line of the owner's list of drafts. */
export type TDraftSummary = {
  id: string;
  procedureName: string;
  updatedAt: string;
  expiresAt: string;
  fileCount: number;
};

/** The account's own details, to prefill the applicant page (WCAG 2.2 SC 3.3.7: no redundant entry). */
export type TAccountPrefill = {
  kind: 'citizen' | 'business';
  fullName: string;
  personalId: string | null;
  taxCode: string | null;
  phone: string | null;
  email: string | null;
};
