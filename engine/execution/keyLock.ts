import { randomBytes } from 'node:crypto';
import { StepError } from './stepError';
import { RedisConnection, type RedisOptions } from './redis';

/**
 * A lock per idempotency key, held while one run checks its ledger and writes. Vendor idempotency
 * (Stripe's key, Shopify's @idempotent, Zendesk's safe_update) stops a second write at the vendor,
 * but not a second run from recording the first run's write as its own, and some targets offer
 * nothing. Two deliveries of one ticket compute the same key, so under this lock the second one
 * re-reads the ledger after the first has written, and finds it done.
 *
 * It must hold across every process that runs the workflow: in n8n's regular mode that is this
 * process (inProcessKeyLock); in queue mode the workers are separate processes, and the lock lives
 * in the Redis that queue mode already runs (redisKeyLock, SET NX with an expiry).
 */
export interface KeyLock {
	/** Where the lock holds: 'process' or 'redis'. Shown in the trace. */
	readonly scope: 'process' | 'redis';
	/**
	 * Runs `fn` holding the lock on `key`. Waits at most `waitMs` for a holder to release; a holder
	 * that died loses the lock after `ttlMs` (Redis only: a process that dies takes its own locks with it).
	 */
	withLock<T>(key: string, fn: () => Promise<T>, limits: LockLimits): Promise<T>;
}

export interface LockLimits {
	ttlMs: number;
	waitMs: number;
}

function busy(key: string, waitMs: number): StepError {
	// Not ambiguous: nothing was sent. Not transient for this run either: the other run is writing.
	return new StepError('client', `another run of this ticket held the write lock (${key.slice(0, 16)}…) for more than ${Math.round(waitMs / 1000)} s; nothing was sent by this run`);
}

/** One process: a promise chain per key. */
export function inProcessKeyLock(): KeyLock {
	const tails = new Map<string, Promise<void>>();
	return {
		scope: 'process',
		async withLock(key, fn, limits) {
			const before = tails.get(key) ?? Promise.resolve();
			let release!: () => void;
			const mine = new Promise<void>((resolve) => (release = resolve));
			const tail = before.then(() => mine);
			tails.set(key, tail);
			let timer: NodeJS.Timeout | undefined;
			const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limits.waitMs)));
			try {
				const got = await Promise.race([before.then(() => 'got' as const), timedOut]);
				if (got === 'timeout') throw busy(key, limits.waitMs);
				return await fn();
			} finally {
				clearTimeout(timer);
				release();
				if (tails.get(key) === tail) tails.delete(key);
			}
		},
	};
}

const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Redis: `SET sc:lock:<key> <token> NX PX ttl`, polled until free; released only by its holder (compare-and-delete). */
export function redisKeyLock(options: RedisOptions, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): KeyLock {
	const conn = new RedisConnection(options);
	return {
		scope: 'redis',
		async withLock(key, fn, limits) {
			const name = `sc:lock:${key}`;
			const token = randomBytes(12).toString('hex');
			const started = Date.now();
			for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
				const got = await conn.command(['SET', name, token, 'NX', 'PX', String(limits.ttlMs)]);
				if (got === 'OK') break;
				if (Date.now() - started + wait > limits.waitMs) throw busy(key, limits.waitMs);
				await sleep(wait);
			}
			try {
				return await fn();
			} finally {
				await conn.command(['EVAL', RELEASE_SCRIPT, '1', name, token]).catch(() => undefined);
			}
		},
	};
}

/** The one in-process lock of this process: every caller in regular mode shares it. */
export const processKeyLock = inProcessKeyLock();
const redisLocks = new Map<string, KeyLock>();

/**
 * The lock for this process, from n8n's own settings: queue mode (EXECUTIONS_MODE=queue) locks in
 * n8n's queue Redis (QUEUE_BULL_REDIS_HOST, _PORT, _DB, _USERNAME, _PASSWORD), anything else in this
 * process. One connection per Redis, reused by every execution of the process.
 */
export function keyLockFromEnv(env: NodeJS.ProcessEnv = process.env): KeyLock {
	if (env.EXECUTIONS_MODE !== 'queue') return processKeyLock;
	const options: RedisOptions = {
		host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
		port: Number(env.QUEUE_BULL_REDIS_PORT) || 6379,
		db: Number(env.QUEUE_BULL_REDIS_DB) || 0,
		username: env.QUEUE_BULL_REDIS_USERNAME || undefined,
		password: env.QUEUE_BULL_REDIS_PASSWORD || undefined,
		tls: env.QUEUE_BULL_REDIS_TLS === 'true',
	};
	const id = `${options.host}:${options.port}/${options.db}`;
	let lock = redisLocks.get(id);
	if (!lock) redisLocks.set(id, (lock = redisKeyLock(options)));
	return lock;
}
