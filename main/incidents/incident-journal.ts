/**
 * The offline incident queue's file: append-only JSON lines, each fsynced before the caller goes on,
 * so an incident raised just before a crash or a power cut is still sent after the restart.
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { clientIncidentSchema, type ClientIncident } from '../../shared/api/client';

const journalRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident'), incident: clientIncidentSchema }),
  z.object({ kind: z.literal('sent'), clientIds: z.array(z.string()) }),
  z.object({ kind: z.literal('dropped'), clientIds: z.array(z.string()), reason: z.string() }),
]);
export type JournalRecord = z.input<typeof journalRecordSchema>;

export interface JournalState {
  /** Incidents not yet acknowledged by the service, in the order they were raised. */
  pending: ClientIncident[];
  sentCount: number;
}

export class IncidentJournal {
  private handle: FileHandle | null = null;
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Reads what an earlier run left; a torn last line (crash mid-write) is ignored. */
  async load(): Promise<JournalState> {
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const incidents: ClientIncident[] = [];
    const settled = new Set<string>();
    let sentCount = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const record = journalRecordSchema.safeParse(json);
      if (!record.success) continue;
      if (record.data.kind === 'incident') incidents.push(record.data.incident);
      else {
        for (const id of record.data.clientIds) settled.add(id);
        if (record.data.kind === 'sent') sentCount += record.data.clientIds.length;
      }
    }
    const seen = new Set<string>();
    const pending = incidents.filter((incident) => {
      if (settled.has(incident.clientId) || seen.has(incident.clientId)) return false;
      seen.add(incident.clientId);
      return true;
    });
    return { pending, sentCount };
  }

  /** Appends are chained, so lines never interleave and resolve in the order they were asked for. */
  append(record: JournalRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const write = this.tail.then(async () => {
      if (!this.handle) {
        await mkdir(dirname(this.path), { recursive: true });
        this.handle = await open(this.path, 'a', 0o600);
      }
      await this.handle.write(line);
      await this.handle.sync();
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
