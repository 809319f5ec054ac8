/**
 * `npm run -s service -- staff …`: create a staff user with a one-time invitation link, list an
 * account's staff, disable one. Works on the database directly (no server needs to run); the link
 * carries the token in its fragment, which browsers never send, so it reaches no server log.
 */
import { z } from 'zod';
import { staffRoleSchema, staffEmailSchema, type StaffRole } from '../../shared/api/console';
import { openDatabase } from '../db/database';
import { createTransactionRunner } from '../db/unit-of-work';
import { systemClock } from '../lib/time';
import { UsageError } from '../lib/usage-error';
import { createRepositories } from '../repositories/index';
import { AuditService } from '../services/audit-service';
import { ConsoleSessionService } from '../services/console-session-service';
import { CLI_ACTOR, StaffService } from '../services/staff-service';

export interface StaffFlags {
  account?: string | undefined;
  email?: string | undefined;
  role?: string[] | undefined;
  name?: string | undefined;
  'public-url'?: string | undefined;
  json?: boolean | undefined;
}

export interface StaffStorage {
  dataDir: string;
  databaseUrl: string | undefined;
}

/** Where an invitation is accepted: the console's page, the token after `#`. */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/console/invite#${token}`;
}

async function withStaff<T>(storage: StaffStorage, work: (staff: StaffService) => Promise<T>): Promise<T> {
  const database = await openDatabase(storage);
  try {
    const repositories = createRepositories(database.db, database.engine);
    const transaction = createTransactionRunner(database.db, database.engine, (error) => {
      process.stderr.write(`after-commit callback failed: ${String(error)}\n`);
    });
    const audit = new AuditService(systemClock);
    const sessions = new ConsoleSessionService(repositories, systemClock);
    return await work(new StaffService(transaction, audit, sessions, systemClock));
  } finally {
    await database.close();
  }
}

function accountOf(flags: StaffFlags, command: string): number {
  const id = Number(flags.account);
  if (!flags.account || !Number.isInteger(id) || id < 1) throw new UsageError(`staff ${command} needs --account N`);
  return id;
}

function emailOf(flags: StaffFlags, command: string): string {
  if (!flags.email || !staffEmailSchema.safeParse(flags.email.trim()).success) {
    throw new UsageError(`staff ${command} needs --email with an email address`);
  }
  return flags.email.trim();
}

function rolesOf(flags: StaffFlags): StaffRole[] {
  const roles = (flags.role ?? []).map((role) => staffRoleSchema.safeParse(role));
  if (roles.length === 0 || roles.some((role) => !role.success)) {
    throw new UsageError('staff create needs --role admin, proctor or reviewer (repeat --role for several)');
  }
  return roles.flatMap((role) => (role.success ? [role.data] : []));
}

export async function staffCommand(
  subcommand: string | undefined,
  flags: StaffFlags,
  storage: StaffStorage,
): Promise<void> {
  switch (subcommand) {
    case 'create': {
      const accountId = accountOf(flags, 'create');
      const email = emailOf(flags, 'create');
      const roles = rolesOf(flags);
      const publicUrl = flags['public-url'] ?? process.env.VIGIL_PUBLIC_URL;
      if (!publicUrl || !z.url({ protocol: /^https?$/ }).safeParse(publicUrl).success) {
        throw new UsageError('staff create needs --public-url URL (or VIGIL_PUBLIC_URL): where the console is reached');
      }
      const created = await withStaff(storage, (staff) =>
        staff.create({ accountId, email, roles, displayName: flags.name }, CLI_ACTOR),
      );
      const link = invitationLink(publicUrl, created.invitationToken);
      if (flags.json) {
        const { id, email: stored, roles: given } = created.user;
        process.stdout.write(
          `${JSON.stringify({ id, email: stored, roles: given, invitationLink: link, expiresAt: created.invitationExpiresAt })}\n`,
        );
      } else {
        process.stdout.write(
          `Staff user ${created.user.email} (${created.user.roles.join(', ')}) created in account ${accountId}.\nInvitation link (one use, until ${created.invitationExpiresAt}; send it privately):\n${link}\n`,
        );
      }
      return;
    }
    case 'list': {
      const users = await withStaff(storage, (staff) => staff.list(accountOf(flags, 'list')));
      const shown = users.map(({ id, email, displayName, roles, disabled, passwordHash, createdAt }) => ({
        id,
        email,
        displayName,
        roles,
        disabled,
        invitationPending: passwordHash === null,
        createdAt,
      }));
      if (flags.json) return void process.stdout.write(`${JSON.stringify(shown)}\n`);
      if (shown.length === 0) return void process.stdout.write('No staff users.\n');
      for (const user of shown) {
        const state = user.disabled ? 'disabled' : user.invitationPending ? 'invited' : 'active';
        process.stdout.write(`${user.email}\t${user.roles.join(',')}\t${state}\t${user.displayName}\n`);
      }
      return;
    }
    case 'disable': {
      const accountId = accountOf(flags, 'disable');
      const email = emailOf(flags, 'disable');
      const user = await withStaff(storage, (staff) => staff.disable(accountId, email, CLI_ACTOR));
      process.stdout.write(`Staff user ${user.email} disabled; their console sessions have ended.\n`);
      return;
    }
    default:
      throw new UsageError(`Unknown staff command: ${subcommand ?? '(none)'}`);
  }
}
