/** A minimal text/event-stream parser: feeds chunks in, hands complete events out. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
  /** Vigil's per-message MAC and the service's signature (`mac:`, `sig:`; EventSource ignores unknown fields). */
  mac?: string;
  sig?: string;
}

export class ServerSentEventParser {
  private buffer = '';
  private dataLines: string[] = [];
  private eventName = '';
  private lastId: string | undefined;
  private mac: string | undefined;
  private sig: string | undefined;

  constructor(private readonly onEvent: (event: ServerSentEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      // A lone \r at the end may be the first half of \r\n split across chunks: wait for the next one.
      if (this.buffer[newline] === '\r' && newline === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, newline);
      const length = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + length);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.dataLines.length > 0) {
        this.onEvent({
          event: this.eventName || 'message',
          data: this.dataLines.join('\n'),
          ...(this.lastId === undefined ? {} : { id: this.lastId }),
          ...(this.mac === undefined ? {} : { mac: this.mac }),
          ...(this.sig === undefined ? {} : { sig: this.sig }),
        });
      }
      this.dataLines = [];
      this.eventName = '';
      this.mac = undefined;
      this.sig = undefined;
      return;
    }
    if (line.startsWith(':')) return; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon >= 0 ? line.slice(0, colon) : line;
    let value = colon >= 0 ? line.slice(colon + 1) : '';
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id') this.lastId = value;
    else if (field === 'mac') this.mac = value;
    else if (field === 'sig') this.sig = value;
  }
}
