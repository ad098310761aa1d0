import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface SimpleResponse {
  status: number;
  location: string | undefined;
  setCookie: string[] | undefined;
  body: string;
}

/** One client's connections: keep-alive like a browser, and the bench IdP's certificate trusted. */
export interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

export function createAgents(idpCa: string): Agents {
  return {
    http: new HttpAgent({ keepAlive: true, maxSockets: 1 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 1, ca: idpCa }),
  };
}

export function destroyAgents(agents: Agents): void {
  agents.http.destroy();
  agents.https.destroy();
}

/** A GET that never follows redirects: each hop of a login is checked by the caller. */
export function get(url: string, agents: Agents, cookie?: string): Promise<SimpleResponse> {
  const secure = url.startsWith('https:');
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { agent: secure ? agents.https : agents.http, headers: cookie ? { cookie } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          location: response.headers.location,
          setCookie: response.headers['set-cookie'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}
