import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const organizationSchema = z.object({
  /** Auth0's shape: `org_` and letters, digits or underscores. */
  id: z.string().regex(/^org_[A-Za-z0-9_]+$/, 'must look like "org_<id>"'),
  /** Auth0 keeps organization names in lower case: letters, digits, - and _. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be lower case letters, digits, - and _'),
});

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
  /** The Auth0 organizations the account is a member of: a login to one carries its `org_id` and `org_name`. */
  organizations: z.array(organizationSchema).optional(),
});

const accountsFileSchema = z
  .array(accountSchema)
  .min(1, 'must list at least one account')
  .superRefine((accounts, ctx) => {
    const seenEmails = new Set<string>();
    const seenIds = new Set<string>();
    const organizationNames = new Map<string, string>();
    accounts.forEach((account, index) => {
      const email = normaliseEmail(account.email);
      if (seenEmails.has(email)) ctx.addIssue({ code: 'custom', path: [index, 'email'], message: 'is listed twice' });
      if (seenIds.has(account.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'is listed twice' });
      seenEmails.add(email);
      seenIds.add(account.id);
      account.organizations?.forEach(({ id, name }, position) => {
        if ((organizationNames.get(id) ?? name) !== name) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'organizations', position, 'name'],
            message: `differs from another account's name for ${id}`,
          });
        }
        organizationNames.set(id, name);
      });
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
  organizations?: LocalOrganization[];
}

export interface LocalOrganization {
  id: string;
  name: string;
}

/** What a visitor enters on the sign-up page. */
export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

// Like Auth0's default password policy ("Fair"): at least 8 characters.
const MIN_PASSWORD_LENGTH = 8;

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

  /**
   * The sign-up page's account, kept in memory while the server runs (the accounts file is left
   * alone). Returns why it was refused instead when the email is taken or a field is not usable.
   */
  register(input: NewAccount): LocalAccount | { problem: string } {
    const name = input.name.trim();
    const email = input.email.trim();
    if (name.length === 0) return { problem: 'Enter your name.' };
    if (!z.email().safeParse(email).success) return { problem: 'Enter a valid email address.' };
    if (this.byEmail.has(normaliseEmail(email))) return { problem: 'An account with this email exists: sign in instead.' };
    if (input.password.length < MIN_PASSWORD_LENGTH) return { problem: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.` };
    const account: LocalAccount = {
      id: `auth0|local-${randomUUID()}`,
      email,
      password: input.password,
      name,
      nickname: email.split('@')[0],
      emailVerified: false,
    };
    this.byEmail.set(normaliseEmail(email), account);
    this.byId.set(account.id, account);
    return account;
  }

  /** Constant-time over fixed-length hashes, whether or not the email exists. */
  verifyCredentials(email: string, password: string): LocalAccount | undefined {
    const account = this.byEmail.get(normaliseEmail(email));
    const expected = account ? sha256(account.password) : UNKNOWN_ACCOUNT_PASSWORD_HASH;
    const passwordMatches = timingSafeEqual(sha256(password), expected);
    return account && passwordMatches ? account : undefined;
  }
}
