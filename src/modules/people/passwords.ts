import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). The library declares Algorithm as an
 * ambient const enum, which isolated modules cannot read, hence its value (Argon2id = 2) written out.
 */
const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Constant-time check of a password against its PHC hash; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the username is unknown, so a failed sign-in takes the
 * same time whether or not the account exists.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'tooSimple' | 'containsUsername';

/**
 * Password rules in the spirit of NIST SP 800-63B: length matters, composition rules do not; refuse the
 * obviously guessable.
 */
export function checkPasswordStrength(password: string, username?: string | null): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < 10) problems.push('tooShort');
  if (password.length > 128) problems.push('tooLong');
  if (new Set(password).size < 5 || /^(?:0123456789|1234567890|matkhau|password)/i.test(password)) {
    problems.push('tooSimple');
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('containsUsername');
  }
  return problems;
}
