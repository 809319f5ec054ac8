/** Staff users of an account and their one-time invitations (token hashes only). */
import { z } from 'zod';
import { staffRoleSchema, type StaffRole } from '../../shared/api/console';
import type { Db, StaffInvitationRow, StaffUserRow } from '../db/schema';
import { camelCaseRow } from '../db/camel-case-row';

/** A staff user as the services see it: roles parsed from their JSON column. */
export interface StaffUser {
  id: string;
  accountId: number;
  email: string;
  displayName: string;
  roles: StaffRole[];
  passwordHash: string | null;
  disabled: boolean;
  createdAt: string;
}

const rolesSchema = z.array(staffRoleSchema);

function toStaffUser(row: StaffUserRow): StaffUser {
  return { ...camelCaseRow(row), roles: rolesSchema.parse(JSON.parse(row.roles)), disabled: row.disabled === 1 };
}

/** Emails compare case-insensitively: stored and looked up lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export class StaffRepository {
  constructor(private readonly db: Db) {}

  async insert(user: Omit<StaffUser, 'passwordHash' | 'disabled'>): Promise<StaffUser> {
    const row = await this.db
      .insertInto('staff_users')
      .values({
        id: user.id,
        account_id: user.accountId,
        email: normalizeEmail(user.email),
        display_name: user.displayName,
        roles: JSON.stringify(user.roles),
        password_hash: null,
        disabled: 0,
        created_at: user.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toStaffUser(row);
  }

  async findById(id: string): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStaffUser(row);
  }

  async findByEmail(accountId: number, email: string): Promise<StaffUser | undefined> {
    const row = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    return row && toStaffUser(row);
  }

  async listByAccount(accountId: number): Promise<StaffUser[]> {
    const rows = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('email')
      .execute();
    return rows.map(toStaffUser);
  }

  async setPassword(id: string, passwordHash: string, displayName?: string): Promise<void> {
    await this.db
      .updateTable('staff_users')
      .set({ password_hash: passwordHash, ...(displayName ? { display_name: displayName } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_users')
      .set({ disabled: disabled ? 1 : 0 })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setRoles(id: string, roles: readonly StaffRole[]): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_users')
      .set({ roles: JSON.stringify(roles) })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async insertInvitation(invitation: StaffInvitationRow): Promise<void> {
    await this.db.insertInto('staff_invitations').values(invitation).execute();
  }

  async findInvitation(tokenHash: string): Promise<StaffInvitationRow | undefined> {
    return this.db.selectFrom('staff_invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Spends an invitation; false when another request spent it first (single use under concurrency). */
  async useInvitation(tokenHash: string, usedAt: string): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_invitations')
      .set({ used_at: usedAt })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
