/**
 * The offline incident queue's file: append-only lines, each fsynced before the caller goes on, so an
 * incident raised just before a crash or a power cut is still sent after the restart.
 *
 * Each line is `<mac> <record JSON>`, the MAC an HMAC-SHA256 (key derived from the session key) over
 * the previous line's MAC and this line's JSON: an edited line fails its own MAC, a deleted or moved
 * line breaks the chain at the line after it. Lines that fail are not believed (a forged `sent` record
 * cannot hide an incident) and are reported once as JOURNAL_TAMPERED (incident-queue.ts).
 *
 * A torn last line, without its newline, is what a crash in the middle of a write leaves: it is not
 * tampering (the append it belonged to never resolved, so nobody relied on it). It is cut off so the
 * next append starts a fresh line. Deleting whole lines from the end cannot be told from never having
 * written them; see the threat model in docs/client.md.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { clientIncidentSchema, type ClientIncident } from '../../shared/api/client';

const journalRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident'), incident: clientIncidentSchema }),
  z.object({ kind: z.literal('sent'), clientIds: z.array(z.string()) }),
  z.object({ kind: z.literal('dropped'), clientIds: z.array(z.string()), reason: z.string() }),
]);
export type JournalRecord = z.input<typeof journalRecordSchema>;

/** What a load found wrong with the chain; empty when the journal is as this client wrote it. */
export interface JournalIntegrity {
  /** Complete lines read. */
  lines: number;
  /** 1-based numbers of the lines whose MAC did not verify (edited, or following a deleted or moved line). */
  badLines: number[];
  /** Lines up to this one were already reported as JOURNAL_TAMPERED by an earlier run. */
  reportedThrough: number;
  /** An incomplete last line (a crash mid-write) was cut off. */
  tornTail: boolean;
}

export interface JournalState {
  /** Incidents not yet acknowledged by the service, in the order they were raised. */
  pending: ClientIncident[];
  sentCount: number;
  integrity: JournalIntegrity;
}

const MAC_LENGTH = 43; // base64url of 32 bytes
const LINE = /^([A-Za-z0-9_-]{43}) (.*)$/;

/** Domain-separated from request signing: a journal MAC is never a valid signature of anything. */
export function journalKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('vigil incident journal v1').digest();
}

export class IncidentJournal {
  private handle: FileHandle | null = null;
  private tail: Promise<void> = Promise.resolve();
  private readonly key: Buffer;
  /** The last line's MAC, which the next line's covers ('' before the first line). */
  private previousMac = '';

  constructor(
    readonly path: string,
    sessionSecret: string,
  ) {
    this.key = journalKey(sessionSecret);
  }

  private mac(previous: string, json: string): string {
    return createHmac('sha256', this.key).update(previous).update('\n').update(json).digest('base64url');
  }

  /** Reads and verifies what an earlier run left, and continues the chain from its last line. */
  async load(): Promise<JournalState> {
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const end = text.lastIndexOf('\n') + 1;
    const tornTail = end < text.length;
    if (tornTail) await truncate(this.path, Buffer.byteLength(text.slice(0, end)));
    const lines = text.slice(0, end).split('\n').slice(0, -1);

    const incidents: ClientIncident[] = [];
    const settled = new Set<string>();
    const badLines: number[] = [];
    let sentCount = 0;
    let reportedThrough = 0;
    let previous = '';
    for (const [index, line] of lines.entries()) {
      const parts = LINE.exec(line);
      const stored = parts?.[1] ?? '';
      const json = parts?.[2] ?? '';
      const record = parts && this.verifies(previous, stored, json) ? parseRecord(json) : null;
      // The chain continues from what is stored, so one edited line flags that line only.
      previous = stored;
      if (!record) {
        badLines.push(index + 1);
        continue;
      }
      if (record.kind === 'incident') {
        incidents.push(record.incident);
        const through = record.incident.type === 'JOURNAL_TAMPERED' ? record.incident.details.journalLines : undefined;
        if (typeof through === 'number') reportedThrough = Math.max(reportedThrough, through);
      } else {
        for (const id of record.clientIds) settled.add(id);
        if (record.kind === 'sent') sentCount += record.clientIds.length;
      }
    }
    this.previousMac = previous;
    const seen = new Set<string>();
    const pending = incidents.filter((incident) => {
      if (settled.has(incident.clientId) || seen.has(incident.clientId)) return false;
      seen.add(incident.clientId);
      return true;
    });
    return { pending, sentCount, integrity: { lines: lines.length, badLines, reportedThrough, tornTail } };
  }

  private verifies(previous: string, stored: string, json: string): boolean {
    const expected = Buffer.from(this.mac(previous, json));
    const actual = Buffer.from(stored);
    return actual.length === MAC_LENGTH && timingSafeEqual(actual, expected);
  }

  /** Appends are chained, so lines never interleave and resolve in the order they were asked for. */
  append(record: JournalRecord): Promise<void> {
    const write = this.tail.then(async () => {
      const json = JSON.stringify(record);
      const mac = this.mac(this.previousMac, json);
      if (!this.handle) {
        await mkdir(dirname(this.path), { recursive: true });
        this.handle = await open(this.path, 'a', 0o600);
      }
      await this.handle.write(`${mac} ${json}\n`);
      await this.handle.sync();
      this.previousMac = mac;
    });
    this.tail = write.catch(() => undefined);
    return write;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle?.close();
    this.handle = null;
  }
}

function parseRecord(json: string): z.output<typeof journalRecordSchema> | null {
  try {
    const parsed = journalRecordSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
