/**
 * One HTTP request with exactly the headers given, Host included (fetch cannot set Host): what a
 * client behind a load balancer, or an attacker replaying captured bytes, sends.
 */
import { request as httpRequest } from 'node:http';

export interface RawResponse {
  status: number;
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers: Record<string, string>; body?: Uint8Array },
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        headers: options.headers,
        setHost: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

export const rawGet = (url: string, headers: Record<string, string>): Promise<RawResponse> =>
  rawRequest(url, { headers });
