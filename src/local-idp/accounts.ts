import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const accountSchema = z.object({
  /** Auth0-shaped user id, used as `sub`: `auth0|<id>`. */
  id: z.string().regex(/^auth0\|.+$/, 'must look like "auth0|<id>"'),
  email: z.email(),
  password: z.string().min(1),
  name: z.string().trim().min(1),
  nickname: z.string().trim().min(1).optional(),
  emailVerified: z.boolean().default(true),
  /** Sent in the claim named by the app's AUTH0_ROLES_CLAIM, as an Auth0 post-login Action would. */
  roles: z.array(z.string().min(1)).optional(),
  /** Put in access tokens for an API (the app's AUTH0_AUDIENCE), as Auth0 RBAC does with "Add Permissions in the Access Token". */
  permissions: z.array(z.string().min(1)).optional(),
});

const accountsFileSchema = z
  .array(accountSchema)
  .min(1, 'must list at least one account')
  .superRefine((accounts, ctx) => {
    const seenEmails = new Set<string>();
    const seenIds = new Set<string>();
    accounts.forEach((account, index) => {
      const email = normaliseEmail(account.email);
      if (seenEmails.has(email)) ctx.addIssue({ code: 'custom', path: [index, 'email'], message: 'is listed twice' });
      if (seenIds.has(account.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'is listed twice' });
      seenEmails.add(email);
      seenIds.add(account.id);
    });
  });

export interface LocalAccount {
  id: string;
  email: string;
  password: string;
  name: string;
  nickname: string;
  emailVerified: boolean;
  roles?: string[];
  permissions?: string[];
}

export const DEFAULT_ACCOUNTS_FILE = new URL('./accounts.json', import.meta.url);

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

// Compared when the email is unknown, so that a wrong email costs the same as a wrong password.
const UNKNOWN_ACCOUNT_PASSWORD_HASH = sha256('unknown account');

export class AccountStore {
  private readonly byEmail: Map<string, LocalAccount>;
  private readonly byId: Map<string, LocalAccount>;

  private constructor(readonly all: readonly LocalAccount[]) {
    this.byEmail = new Map(all.map((account) => [normaliseEmail(account.email), account]));
    this.byId = new Map(all.map((account) => [account.id, account]));
  }

  /** Reads and validates the accounts file; a bad file fails at start with the field it is about. */
  static async fromFile(file: string | URL): Promise<AccountStore> {
    const path = file instanceof URL ? fileURLToPath(file) : file;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (cause) {
      throw new Error(`Local sign-in server: cannot read accounts file ${path}: ${(cause as Error).message}`, { cause });
    }
    const parsed = accountsFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`Local sign-in server: invalid accounts file ${path}:\n${z.prettifyError(parsed.error)}`);
    }
    return new AccountStore(parsed.data.map((account) => ({ ...account, nickname: account.nickname ?? account.email.split('@')[0] })));
  }

  findById(id: string): LocalAccount | undefined {
    return this.byId.get(id);
  }

  /** Constant-time over fixed-length hashes, whether or not the email exists. */
  verifyCredentials(email: string, password: string): LocalAccount | undefined {
    const account = this.byEmail.get(normaliseEmail(email));
    const expected = account ? sha256(account.password) : UNKNOWN_ACCOUNT_PASSWORD_HASH;
    const passwordMatches = timingSafeEqual(sha256(password), expected);
    return account && passwordMatches ? account : undefined;
  }
}
