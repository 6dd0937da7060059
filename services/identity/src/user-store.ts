/**
 * The people of one agency, in its own data directory (`identity/users.json`, owner-only): username,
 * stable subject, display name, roles, password hash, optional TOTP secret, disabled or not. Written
 * whole to a temporary file and renamed, so a crash leaves the old file or the new one. Nothing here
 * is ever sent to another agency.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { z } from 'zod';
import { roleSchema, type Role } from '@concord/access';
import { Code, ConcordError, violationsOf } from '@concord/errors';
import { writePrivateFile } from '@concord/private-files';
import { textField } from '@concord/service-kit';
import { hashPassword, verifyPassword } from './password-hash.js';

export const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2 to 64 characters: lower-case letters, digits, dot, dash, underscore');
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(1024);
export const displayNameSchema = textField({ max: 200, required: 'is required' });

const userSchema = z.strictObject({
  username: usernameSchema,
  subject: z.uuid(),
  displayName: displayNameSchema,
  roles: z.array(roleSchema).max(6),
  passwordHash: z.string().startsWith('scrypt$'),
  totpSecret: z.string().optional(),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type StoredUser = z.infer<typeof userSchema>;
const fileSchema = z.strictObject({ version: z.literal(1), users: z.array(userSchema) });

export const identityDirOf = (agencyDir: string) => join(agencyDir, 'identity');
export const usersFileOf = (agencyDir: string) => join(identityDirOf(agencyDir), 'users.json');

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly password: string;
  readonly withTotp?: boolean;
}

export class UserStore {
  #users: StoredUser[];
  #writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly agency: string,
    users: StoredUser[],
  ) {
    this.#users = users;
  }

  static async open(path: string, agency: string): Promise<UserStore> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw ConcordError.from(error);
      return new UserStore(path, agency, []);
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw ConcordError.invalid(violationsOf(parsed.error), `${path} is damaged`);
    return new UserStore(path, agency, parsed.data.users);
  }

  list(): readonly StoredUser[] {
    return this.#users;
  }

  bySubject(subject: string): StoredUser | undefined {
    return this.#users.find((u) => u.subject === subject);
  }

  byUsername(username: string): StoredUser | undefined {
    return this.#users.find((u) => u.username === username);
  }

  require(username: string): StoredUser {
    const user = this.byUsername(username);
    if (!user) throw new ConcordError(Code.NotFound, `${this.agency} has no user ${username}`);
    return user;
  }

  /** Adds a user; returns it and, with a TOTP factor, the provisioning URI to show once. */
  async add(input: NewUser): Promise<{ user: StoredUser; totpUri?: string }> {
    if (this.byUsername(input.username)) throw new ConcordError(Code.AlreadyExists, `${this.agency} already has a user ${input.username}`);
    const secret = input.withTotp ? new Secret({ size: 20 }) : undefined;
    const user: StoredUser = {
      username: input.username,
      subject: randomUUID(),
      displayName: input.displayName,
      roles: [...new Set(input.roles)],
      passwordHash: await hashPassword(input.password),
      ...(secret ? { totpSecret: secret.base32 } : {}),
      disabled: false,
      createdAt: new Date().toISOString(),
    };
    await this.#save([...this.#users, user]);
    return { user, ...(secret ? { totpUri: totpOf(this.agency, user.username, secret.base32).toString() } : {}) };
  }

  async update(username: string, change: Partial<Pick<StoredUser, 'roles' | 'disabled'>>): Promise<StoredUser> {
    const current = this.require(username);
    const next = { ...current, ...change };
    await this.#save(this.#users.map((u) => (u.username === username ? next : u)));
    return next;
  }

  /** The user these credentials prove, or a refusal that does not say which part was wrong. */
  async authenticate(username: string, password: string, totpCode?: string): Promise<StoredUser> {
    const user = this.byUsername(username);
    const refused = new ConcordError(Code.Unauthenticated, 'unknown user or wrong password');
    // A missing user costs as long as a wrong password, so timing does not tell which.
    const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    if (!user || !ok) throw refused;
    if (user.disabled) throw new ConcordError(Code.Unauthenticated, `${username} is disabled`);
    if (user.totpSecret) {
      if (!totpCode) throw new ConcordError(Code.Unauthenticated, `${username} needs a TOTP code`);
      if (totpOf(this.agency, username, user.totpSecret).validate({ token: totpCode, window: 1 }) === null) throw new ConcordError(Code.Unauthenticated, 'wrong TOTP code');
    }
    return user;
  }

  #save(users: StoredUser[]): Promise<void> {
    const write = this.#writing.then(async () => {
      await writePrivateFile(this.path, `${JSON.stringify({ version: 1, users }, null, 2)}\n`);
      this.#users = users;
    });
    this.#writing = write.catch(() => undefined);
    return write;
  }
}

export function totpOf(agency: string, username: string, base32: string): TOTP {
  return new TOTP({ issuer: `Concord ${agency}`, label: username, secret: Secret.fromBase32(base32), digits: 6, period: 30 });
}
