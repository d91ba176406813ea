/**
 * An HTTPS proxy for end-to-end tests that routes vendor hosts to loopback stand-ins.
 *
 * n8n's own helpdesk nodes (Zendesk, Help Scout) build `https://<subdomain>.zendesk.com` and
 * `https://api.helpscout.net` themselves: no credential field or option points them elsewhere.
 * n8n sends HTTPS through the proxy named in HTTPS_PROXY (CONNECT), so a test starts this proxy,
 * gives n8n `HTTPS_PROXY`, `NO_PROXY=127.0.0.1,localhost` and `NODE_EXTRA_CA_CERTS` (a throwaway CA
 * made with the openssl CLI), and every node, ours included, reaches the stand-ins unchanged, with
 * the workflow exactly as shipped. A host with no stand-in is refused (403 to the CONNECT).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { TLSSocket } from 'node:tls';

import { closeServer, listenOnLoopback } from './loopback';

export interface VendorRoute {
	/** Exact host, or `*.example.com` for every subdomain. */
	host: string;
	/** The stand-in's base URL, e.g. `http://127.0.0.1:41234`. */
	target: string;
}

function hostMatches(pattern: string, host: string): boolean {
	return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
}

/** A CA and a server certificate for the routed hosts, valid for two days, in a temp folder. */
function makeCertificates(hosts: string[]): { dir: string; caFile: string; key: Buffer; cert: Buffer } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendor-tls-'));
	const f = (name: string) => path.join(dir, name);
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test tooling: the openssl CLI makes a throwaway CA, fixed arguments
	const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=support-coordination test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=vendor stand-ins']);
	fs.writeFileSync(f('ext.cnf'), `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\nextendedKeyUsage=serverAuth\n`);
	openssl(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', f('ext.cnf')]);
	return { dir, caFile: f('ca.pem'), key: fs.readFileSync(f('server.key')), cert: fs.readFileSync(f('server.pem')) };
}

export class VendorTlsProxy {
	/** Every request that went through, by host: tests assert that vendor calls really came here. */
	readonly seen: Array<{ host: string; method: string; path: string }> = [];
	readonly refused: string[] = [];
	url = '';
	caFile = '';
	private server?: Server;
	private certDir = '';
	private key: Buffer = Buffer.alloc(0);
	private cert: Buffer = Buffer.alloc(0);
	private readonly tunnels = new Set<Socket>();

	constructor(private readonly routes: VendorRoute[]) {}

	/** The environment n8n needs to send vendor HTTPS here and trust the test CA. */
	get env(): Record<string, string> {
		return { HTTPS_PROXY: this.url, https_proxy: this.url, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', NODE_EXTRA_CA_CERTS: this.caFile };
	}

	async start(): Promise<this> {
		const certs = makeCertificates(this.routes.map((r) => r.host));
		({ dir: this.certDir, caFile: this.caFile, key: this.key, cert: this.cert } = certs);
		// Plain HTTP through the proxy is not expected (NO_PROXY covers loopback): refuse it.
		({ server: this.server, url: this.url } = await listenOnLoopback(async (_req, res) => {
			res.writeHead(405).end();
		}));
		this.server.on('connect', (req: IncomingMessage, socket: Socket) => this.onConnect(req, socket));
		return this;
	}

	private onConnect(req: IncomingMessage, socket: Socket): void {
		const host = (req.url ?? '').replace(/:\d+$/, '');
		const route = this.routes.find((r) => hostMatches(r.host, host));
		socket.on('error', () => socket.destroy());
		// A tunnel leaves the HTTP server's bookkeeping once CONNECT is answered: close() ends it itself.
		this.tunnels.add(socket);
		socket.on('close', () => this.tunnels.delete(socket));
		if (!route) {
			this.refused.push(host);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		const tlsSocket = new TLSSocket(socket, { isServer: true, key: this.key, cert: this.cert });
		tlsSocket.on('error', () => tlsSocket.destroy());
		// One HTTP/1.1 parser per tunnel: the decrypted requests are forwarded to the stand-in.
		const parser = createServer((inner: IncomingMessage, res: ServerResponse) => this.forward(host, route, inner, res));
		parser.emit('connection', tlsSocket);
	}

	private forward(host: string, route: VendorRoute, req: IncomingMessage, res: ServerResponse): void {
		const target = new URL(req.url ?? '/', route.target);
		this.seen.push({ host, method: req.method ?? 'GET', path: target.pathname });
		const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host } }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	}

	async close(): Promise<void> {
		for (const socket of this.tunnels) socket.destroy();
		if (this.server) {
			const server = this.server;
			this.server = undefined;
			await closeServer(server);
		}
		if (this.certDir) fs.rmSync(this.certDir, { recursive: true, force: true });
	}
}
