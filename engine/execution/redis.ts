import * as net from 'node:net';
import * as tls from 'node:tls';

/**
 * The few Redis commands the write lock needs (SET NX PX, EVAL), spoken as RESP2 over one socket.
 * A community package cannot count on n8n's own Redis client being resolvable from its folder, and
 * this is all the lock needs. Commands are pipelined in order; a dropped connection fails the
 * commands in flight and the next command reconnects.
 */
export interface RedisOptions {
	host: string;
	port: number;
	db?: number;
	username?: string;
	password?: string;
	tls?: boolean;
	connectTimeoutMs?: number;
}

export type RespValue = string | number | null | RespValue[];

class RespError extends Error {}

/** Parses one RESP value from `buf` at `at`; undefined when the buffer does not hold all of it yet. */
function parse(buf: Buffer, at: number): { value: RespValue | RespError; next: number } | undefined {
	const eol = buf.indexOf('\r\n', at);
	if (eol < 0) return undefined;
	const line = buf.toString('utf8', at + 1, eol);
	const next = eol + 2;
	switch (String.fromCharCode(buf[at])) {
		case '+':
			return { value: line, next };
		case '-':
			return { value: new RespError(line), next };
		case ':':
			return { value: Number(line), next };
		case '$': {
			const len = Number(line);
			if (len < 0) return { value: null, next };
			if (buf.length < next + len + 2) return undefined;
			return { value: buf.toString('utf8', next, next + len), next: next + len + 2 };
		}
		case '*': {
			const count = Number(line);
			if (count < 0) return { value: null, next };
			const items: RespValue[] = [];
			let pos = next;
			for (let i = 0; i < count; i++) {
				const item = parse(buf, pos);
				if (!item) return undefined;
				if (item.value instanceof RespError) return { value: item.value, next: item.next };
				items.push(item.value);
				pos = item.next;
			}
			return { value: items, next: pos };
		}
		default:
			return { value: new RespError('unreadable Redis reply'), next: buf.length };
	}
}

function encode(args: string[]): string {
	return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

export class RedisConnection {
	private socket?: net.Socket;
	private ready?: Promise<void>;
	private pending: Array<{ resolve: (v: RespValue) => void; reject: (e: Error) => void }> = [];
	private buffer: Buffer = Buffer.alloc(0);

	constructor(private readonly options: RedisOptions) {}

	private where(): string {
		return `Redis at ${this.options.host}:${this.options.port}`;
	}

	private connect(): Promise<void> {
		const { host, port } = this.options;
		const socket = this.options.tls ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
		socket.setNoDelay(true);
		this.socket = socket;
		socket.on('data', (chunk: Buffer) => this.onData(chunk));
		const drop = (error: Error) => {
			if (this.socket === socket) {
				this.socket = undefined;
				this.ready = undefined;
			}
			for (const p of this.pending.splice(0)) p.reject(error);
			this.buffer = Buffer.alloc(0);
		};
		socket.on('error', (e: Error & { code?: string }) => drop(new Error(`${this.where()}: ${e.code ?? 'connection error'}`)));
		socket.on('close', () => drop(new Error(`${this.where()}: connection closed`)));
		const connected = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				socket.destroy();
				reject(new Error(`${this.where()}: no connection within ${this.options.connectTimeoutMs ?? 5000} ms`));
			}, this.options.connectTimeoutMs ?? 5000);
			socket.once(this.options.tls ? 'secureConnect' : 'connect', () => {
				clearTimeout(timer);
				resolve();
			});
			socket.once('error', (e: Error & { code?: string }) => {
				clearTimeout(timer);
				reject(new Error(`${this.where()}: ${e.code ?? 'connection error'}`));
			});
		});
		// The lock must not keep n8n (or a test) alive on its own.
		socket.unref();
		return connected.then(async () => {
			if (this.options.password) {
				await this.raw(this.options.username ? ['AUTH', this.options.username, this.options.password] : ['AUTH', this.options.password]);
			}
			if (this.options.db) await this.raw(['SELECT', String(this.options.db)]);
		});
	}

	private onData(chunk: Buffer): void {
		this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
		let at = 0;
		for (;;) {
			if (at >= this.buffer.length) break;
			const parsed = parse(this.buffer, at);
			if (!parsed) break;
			at = parsed.next;
			const waiter = this.pending.shift();
			if (!waiter) continue;
			if (parsed.value instanceof RespError) waiter.reject(new Error(`${this.where()}: ${parsed.value.message.split(' ')[0]}`));
			else waiter.resolve(parsed.value);
		}
		this.buffer = this.buffer.subarray(at);
	}

	private raw(args: string[]): Promise<RespValue> {
		return new Promise<RespValue>((resolve, reject) => {
			if (!this.socket) return reject(new Error(`${this.where()}: not connected`));
			this.pending.push({ resolve, reject });
			this.socket.write(encode(args));
		});
	}

	/** Sends one command (connecting first if needed) and resolves with its reply. */
	async command(args: string[]): Promise<RespValue> {
		// A failed connect is forgotten, so the next command tries again.
		this.ready ??= this.connect().catch(async (error: unknown) => {
			this.ready = undefined;
			return await Promise.reject(error instanceof Error ? error : new Error(`${this.where()}: connection error`));
		});
		await this.ready;
		return await this.raw(args);
	}

	close(): void {
		this.socket?.destroy();
		this.socket = undefined;
		this.ready = undefined;
	}
}
