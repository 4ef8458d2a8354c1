/**
 * The people the VNeID STAND-IN knows: demo identities only, with one published password. The first is the seed's
 * demo citizen (same personal ID), so signing in as her links to the existing account; the others have no account
 * yet, so signing in creates one.
 */

/** The password of every stand-in identity (README). */
export const STANDIN_PASSWORD = 'VNeID@2025';

export type StandinIdentity = {
  /** The provider's stable subject identifier (not the personal ID, as a real provider would not reuse it). */
  sub: string;
  name: string;
  personalId: string;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
};

export const STANDIN_IDENTITIES: readonly StandinIdentity[] = [
  {
    sub: 'vneid-demo-0001',
    name: 'Giàng A Páo',
    personalId: '010095001234',
    email: 'congdan@example.vn',
    emailVerified: true,
    phone: '0912345678',
  },
  {
    sub: 'vneid-demo-0002',
    name: 'Lò Thị Hoa',
    personalId: '010195004321',
    email: 'lothihoa@example.vn',
    emailVerified: true,
    phone: '0987654321',
  },
  {
    sub: 'vneid-demo-0003',
    name: 'Vàng Seo Minh',
    personalId: '010090007788',
    email: 'vangseominh@example.vn',
    emailVerified: false,
    phone: null,
  },
];

/** The identity with this personal ID and the stand-in password, or undefined. */
export function checkStandinLogin(personalId: string, password: string): StandinIdentity | undefined {
  const found = STANDIN_IDENTITIES.find((identity) => identity.personalId === personalId.replace(/\s+/g, ''));
  return found && password === STANDIN_PASSWORD ? found : undefined;
}

/** The claims the stand-in releases for a subject: standard OIDC names plus the personal ID under `claimName`. */
export function standinClaims(sub: string, personalIdClaim: string): Record<string, unknown> | undefined {
  const identity = STANDIN_IDENTITIES.find((candidate) => candidate.sub === sub);
  if (!identity) {
    return undefined;
  }
  return {
    sub: identity.sub,
    name: identity.name,
    [personalIdClaim]: identity.personalId,
    ...(identity.email ? { email: identity.email, email_verified: identity.emailVerified } : {}),
    ...(identity.phone ? { phone_number: identity.phone, phone_number_verified: true } : {}),
  };
}
