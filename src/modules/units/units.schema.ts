import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';

export const UNIT_KINDS = ['province', 'municipality', 'city', 'district', 'town', 'commune', 'ward', 'township', 'special_zone'] as const;
export const AGENCY_KINDS = ['people_committee', 'department', 'office', 'one_stop', 'public_service_center', 'other'] as const;

const IsoDate = z.iso.date().describe('Calendar date, YYYY-MM-DD');
const Uuid = z.uuid();

export const Unit = z
  .object({
    id: Uuid,
    code: z.string(),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    parentId: Uuid.nullable(),
    ancestorIds: z.array(Uuid).describe('From the root down to the unit itself'),
    validFrom: IsoDate.nullable(),
    validTo: IsoDate.nullable(),
  })
  .meta({ id: 'Unit' });
export type TUnit = z.infer<typeof Unit>;

export const UnitSuccession = z.object({
  unitId: Uuid,
  code: z.string(),
  name: z.string(),
  isWhole: z.boolean(),
  effectiveOn: IsoDate,
});

export const UnitDetail = Unit.extend({
  predecessors: z.array(UnitSuccession),
  successors: z.array(UnitSuccession),
  childCount: z.number().int(),
}).meta({ id: 'UnitDetail' });
export type TUnitDetail = z.infer<typeof UnitDetail>;

export const UnitListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('Name or code; diacritics and case are ignored'),
  parentId: Uuid.optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  at: IsoDate.optional().describe('Only units in force on this day; default today. Use `all=true` for history.'),
  all: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});
export type TUnitListQuery = z.infer<typeof UnitListQuery>;
export const UnitPage = pageOf(Unit).meta({ id: 'UnitPage' });

export const UnitCreateBody = z
  .object({
    code: z.string().trim().regex(/^\d{2,5}$/, 'GSO code: 2 to 5 digits'),
    name: z.string().trim().min(2).max(200),
    kind: z.enum(UNIT_KINDS),
    parentId: Uuid.nullable().default(null),
    validFrom: IsoDate.nullable().default(null),
    validTo: IsoDate.nullable().default(null),
  })
  .strict();
export type TUnitCreateBody = z.infer<typeof UnitCreateBody>;

export const UnitUpdateBody = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    validFrom: IsoDate.nullable().optional(),
    validTo: IsoDate.nullable().optional(),
  })
  .strict();
export type TUnitUpdateBody = z.infer<typeof UnitUpdateBody>;

export const SuccessionBody = z
  .object({ successorId: Uuid, isWhole: z.boolean(), effectiveOn: IsoDate })
  .strict();
export type TSuccessionBody = z.infer<typeof SuccessionBody>;

export const Agency = z
  .object({
    id: Uuid,
    unitId: Uuid,
    parentId: Uuid.nullable(),
    code: z.string().nullable().describe('Electronic identifier code, e.g. 000.00.00.H38'),
    name: z.string(),
    kind: z.enum(AGENCY_KINDS),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    validFrom: IsoDate.nullable(),
    validTo: IsoDate.nullable(),
  })
  .meta({ id: 'Agency' });
export type TAgency = z.infer<typeof Agency>;

export const AgencyListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  unitId: Uuid.optional(),
  kind: z.enum(AGENCY_KINDS).optional(),
  code: z.string().max(20).optional(),
});
export type TAgencyListQuery = z.infer<typeof AgencyListQuery>;
export const AgencyPage = pageOf(Agency).meta({ id: 'AgencyPage' });

const AgencyCode = z
  .string()
  .trim()
  .regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/, 'Electronic identifier code such as 000.00.00.H38');

export const AgencyCreateBody = z
  .object({
    unitId: Uuid,
    parentId: Uuid.nullable().default(null),
    code: AgencyCode.nullable().default(null),
    name: z.string().trim().min(2).max(300),
    kind: z.enum(AGENCY_KINDS),
    email: z.email().nullable().default(null),
    phone: z.string().trim().max(30).nullable().default(null),
    address: z.string().trim().max(300).nullable().default(null),
    validFrom: IsoDate.nullable().default(null),
    validTo: IsoDate.nullable().default(null),
  })
  .strict();
export type TAgencyCreateBody = z.infer<typeof AgencyCreateBody>;

export const AgencyUpdateBody = z
  .object({
    code: AgencyCode.nullable().optional(),
    name: z.string().trim().min(2).max(300).optional(),
    kind: z.enum(AGENCY_KINDS).optional(),
    email: z.email().nullable().optional(),
    phone: z.string().trim().max(30).nullable().optional(),
    address: z.string().trim().max(300).nullable().optional(),
    validFrom: IsoDate.nullable().optional(),
    validTo: IsoDate.nullable().optional(),
  })
  .strict();
export type TAgencyUpdateBody = z.infer<typeof AgencyUpdateBody>;

export const IdParams = z.object({ id: Uuid });
