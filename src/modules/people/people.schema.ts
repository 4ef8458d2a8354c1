import { z } from 'zod';
import { ROLES } from '../../platform/auth/permissions.ts';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';

/** Request and answer shapes of accounts, sign-in, roles and registrations: one zod schema each. */

const Uuid = z.uuid();
const Timestamp = z.iso.datetime().describe('Instant, ISO 8601 in UTC');
const Email = z.string().trim().toLowerCase().pipe(z.email().max(320));
/** Vietnamese phone numbers: a leading 0 or +84, then 9–10 digits; spaces and dots are ignored. */
const Phone = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s.]/g, ''))
  .pipe(z.string().regex(/^(?:\+84|0)\d{9,10}$/, 'Vietnamese phone number, e.g. 0912345678'));
/** Passwords are never trimmed: spaces are characters like any other. Strength is checked by the service. */
const Password = z.string().min(1).max(256);
const TotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'six digits');

export const USER_KINDS = ['staff', 'citizen', 'business'] as const;
export const USER_STATUSES = ['active', 'disabled'] as const;

/**
 * Staff sign-in names: lower case letters, digits, dot, dash, underscore; at least one letter, so a username can
 * never be mistaken for a personal id or tax code, and no `@`, so never for an e-mail address.
 */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.*[a-z])[a-z0-9][a-z0-9._-]{2,59}$/, '3–60 letters, digits, dots, dashes or underscores');

// ---- sign-in -------------------------------------------------------------------------------------------------

export const LoginBody = z
  .object({
    username: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .describe('Staff username, or a citizen/business e-mail, personal id or tax code'),
    password: Password,
  })
  .strict();
export type TLoginBody = z.infer<typeof LoginBody>;

export const SessionUser = z.object({ id: Uuid, kind: z.enum(USER_KINDS), fullName: z.string() });

export const LoginAnswer = z
  .object({
    mfaRequired: z.boolean().describe('True when POST /auth/mfa must follow; the session grants nothing until then'),
    mustEnrollMfa: z.boolean().describe('True for staff who must enrol a TOTP authenticator before working'),
    user: SessionUser,
  })
  .meta({ id: 'LoginAnswer' });

export const MfaBody = z.object({ code: TotpCode }).strict();
export type TMfaBody = z.infer<typeof MfaBody>;

export const CsrfAnswer = z.object({ token: z.string() }).meta({ id: 'CsrfToken' });

export const PasswordResetBody = z.object({ email: Email }).strict();
export type TPasswordResetBody = z.infer<typeof PasswordResetBody>;

export const PasswordResetCompleteBody = z
  .object({ token: z.string().trim().min(20).max(200), password: Password })
  .strict();
export type TPasswordResetCompleteBody = z.infer<typeof PasswordResetCompleteBody>;

export const ChangePasswordBody = z.object({ currentPassword: Password, newPassword: Password }).strict();
export type TChangePasswordBody = z.infer<typeof ChangePasswordBody>;

// ---- the signed-in user --------------------------------------------------------------------------------------

export const RoleGrant = z
  .object({
    id: Uuid,
    role: z.enum(ROLES),
    unitId: Uuid,
    unitName: z.string(),
    agencyId: Uuid.nullable(),
    agencyName: z.string().nullable(),
    includesSubUnits: z.boolean(),
    grantedBy: Uuid.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'RoleGrant' });
export type TRoleGrant = z.infer<typeof RoleGrant>;

const UnitRef = z.object({ id: Uuid, name: z.string() });

export const Me = z
  .object({
    user: z.object({
      id: Uuid,
      kind: z.enum(USER_KINDS),
      username: z.string().nullable(),
      fullName: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      personalId: z.string().nullable(),
      taxCode: z.string().nullable(),
      homeUnit: UnitRef.nullable(),
      totpEnabled: z.boolean(),
      emailVerified: z.boolean(),
    }),
    grants: z.array(RoleGrant),
    mustEnrollMfa: z.boolean(),
  })
  .meta({ id: 'Me' });
export type TMe = z.infer<typeof Me>;

export const TotpEnrolment = z
  .object({
    secret: z.string().describe('Base32 secret, for typing into an authenticator by hand'),
    uri: z.string().describe('otpauth:// URI, for a QR code'),
  })
  .meta({ id: 'TotpEnrolment' });
export type TTotpEnrolment = z.infer<typeof TotpEnrolment>;

// ---- staff accounts administration -------------------------------------------------------------------------

export const StaffUser = z
  .object({
    id: Uuid,
    username: z.string(),
    fullName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    homeUnit: UnitRef.nullable(),
    totpEnabled: z.boolean(),
    lockedUntil: Timestamp.nullable().describe('Sign-in refused until then; null when not locked'),
    lastLoginAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'StaffUser' });
export type TStaffUser = z.infer<typeof StaffUser>;

export const UserListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('Name, username or e-mail; diacritics and case are ignored'),
  unitId: Uuid.optional().describe('Only staff whose home unit is this one'),
  status: z.enum(USER_STATUSES).optional(),
});
export type TUserListQuery = z.infer<typeof UserListQuery>;
export const UserPage = pageOf(StaffUser).meta({ id: 'StaffUserPage' });

export const UserCreateBody = z
  .object({
    username: Username,
    fullName: z.string().trim().min(2).max(200),
    email: Email.nullable().default(null),
    phone: Phone.nullable().default(null),
    homeUnitId: Uuid,
    password: Password.optional().describe('Initial password; when absent a set-password link is e-mailed'),
  })
  .strict();
export type TUserCreateBody = z.infer<typeof UserCreateBody>;

export const UserUpdateBody = z
  .object({
    fullName: z.string().trim().min(2).max(200).optional(),
    email: Email.nullable().optional(),
    phone: Phone.nullable().optional(),
    status: z.enum(USER_STATUSES).optional().describe('disabled ends every session of the account'),
  })
  .strict();
export type TUserUpdateBody = z.infer<typeof UserUpdateBody>;

export const GrantBody = z
  .object({
    role: z.enum(ROLES),
    unitId: Uuid,
    agencyId: Uuid.nullable().default(null),
    includesSubUnits: z.boolean().optional().describe("Default: the role's own default (leaders and admins: yes)"),
  })
  .strict();
export type TGrantBody = z.infer<typeof GrantBody>;

export const GrantList = z.object({ items: z.array(RoleGrant) }).meta({ id: 'RoleGrantList' });

export const IdParams = z.object({ id: Uuid });
export const GrantParams = z.object({ id: Uuid, grantId: Uuid });

// ---- self-registration ---------------------------------------------------------------------------------------

export const CitizenRegistrationBody = z
  .object({
    fullName: z.string().trim().min(2).max(200),
    personalId: z.string().trim().max(20).describe('12-digit personal identification number'),
    phone: Phone,
    email: Email,
    password: Password,
  })
  .strict();
export type TCitizenRegistrationBody = z.infer<typeof CitizenRegistrationBody>;

export const BusinessRegistrationBody = z
  .object({
    businessName: z.string().trim().min(2).max(300),
    taxCode: z.string().trim().max(20).describe('Enterprise/tax code: 10 digits, or 13 as 0123456789-001'),
    email: Email,
    phone: Phone,
    password: Password,
  })
  .strict();
export type TBusinessRegistrationBody = z.infer<typeof BusinessRegistrationBody>;

export const Registration = z
  .object({ id: Uuid, kind: z.enum(USER_KINDS), fullName: z.string() })
  .meta({ id: 'Registration' });
export type TRegistration = z.infer<typeof Registration>;
