import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane).
const OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Verifying against a dummy hash keeps the timing the same for unknown accounts.
  const target = stored ?? (await dummyHash());
  try {
    const ok = await verify(target, password);
    return stored !== null && ok;
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash('no-such-account-placeholder', OPTIONS);
  return dummy;
}

export const PASSWORD_MIN_LENGTH = 12;

/** Returns an i18n key for what is wrong with a new password, or null. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'auth.password.tooShort';
  if (password.length > 200) return 'auth.password.tooLong';
  const lower = password.toLowerCase();
  if (COMMON.some((c) => lower.includes(c)) && new Set(lower).size < 8) return 'auth.password.tooCommon';
  const local = email.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'auth.password.containsEmail';
  return null;
}

const COMMON = ['password', 'wachtwoord', 'welkom', 'qwerty', '123456', 'kansrijk', 'letmein', 'abcdef'];
