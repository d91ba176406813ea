import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { inProcessKeyLock, keyLockFromEnv, redisKeyLock, type KeyLock } from '../../../engine/execution/keyLock';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `n` holders of one key at once; returns the largest number that were inside at the same time. */
async function maxInside(lock: KeyLock, n: number, holdMs: number): Promise<number> {
	let inside = 0;
	let max = 0;
	await Promise.all(
		Array.from({ length: n }, () =>
			lock.withLock('k', async () => {
				inside++;
				max = Math.max(max, inside);
				await sleep(holdMs);
				inside--;
			}, { ttlMs: 10_000, waitMs: 10_000 }),
		),
	);
	return max;
}

describe('in-process key lock', () => {
	it('lets one holder of a key in at a time, and holders of other keys alongside', async () => {
		const lock = inProcessKeyLock();
		expect(await maxInside(lock, 5, 20)).toBe(1);
		const order: string[] = [];
		await Promise.all([
			lock.withLock('a', async () => { await sleep(50); order.push('a'); }, { ttlMs: 1000, waitMs: 1000 }),
			lock.withLock('b', async () => { order.push('b'); }, { ttlMs: 1000, waitMs: 1000 }),
		]);
		expect(order).toEqual(['b', 'a']);
	});

	it('a waiter gives up after waitMs with a clear error, and the lock still works afterwards', async () => {
		const lock = inProcessKeyLock();
		const holder = lock.withLock('k', () => sleep(300), { ttlMs: 1000, waitMs: 1000 });
		await expect(lock.withLock('k', async () => 'never', { ttlMs: 1000, waitMs: 50 })).rejects.toThrow(/held the write lock .* nothing was sent/);
		await holder;
		await expect(lock.withLock('k', async () => 'got', { ttlMs: 1000, waitMs: 50 })).resolves.toBe('got');
	});

	it('is released when the holder throws', async () => {
		const lock = inProcessKeyLock();
		await expect(lock.withLock('k', async () => { throw new Error('boom'); }, { ttlMs: 1000, waitMs: 100 })).rejects.toThrow('boom');
		await expect(lock.withLock('k', async () => 'got', { ttlMs: 1000, waitMs: 100 })).resolves.toBe('got');
	});

	it('regular mode locks in the process; queue mode in n8n\'s queue Redis', () => {
		expect(keyLockFromEnv({}).scope).toBe('process');
		expect(keyLockFromEnv({ EXECUTIONS_MODE: 'regular' }).scope).toBe('process');
		expect(keyLockFromEnv({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: '1' }).scope).toBe('redis');
	});
});

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!haveRedis) process.stderr.write('keyLock.test: redis-server not installed (apt-get install redis-server); the Redis lock tests are skipped\n');

(haveRedis ? describe : describe.skip)('Redis key lock (a real redis-server)', () => {
	let server: ChildProcess;
	let port = 0;
	beforeAll(async () => {
		port = await new Promise<number>((resolve) => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const p = (probe.address() as net.AddressInfo).port;
				probe.close(() => resolve(p));
			});
		});
		server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		for (let i = 0; i < 50; i++) {
			const up = await new Promise<boolean>((resolve) => net.connect(port, '127.0.0.1').on('connect', function (this: net.Socket) { this.destroy(); resolve(true); }).on('error', () => resolve(false)));
			if (up) return;
			await sleep(100);
		}
		throw new Error('redis-server did not start');
	});
	afterAll(() => {
		server?.kill('SIGTERM');
	});

	it('two separate connections (as two n8n workers have) never hold one key at once', async () => {
		const a = redisKeyLock({ host: '127.0.0.1', port });
		const b = redisKeyLock({ host: '127.0.0.1', port });
		let inside = 0;
		let max = 0;
		const hold = (lock: KeyLock) =>
			lock.withLock('ticket-key', async () => {
				inside++;
				max = Math.max(max, inside);
				await sleep(30);
				inside--;
			}, { ttlMs: 5000, waitMs: 5000 });
		await Promise.all([hold(a), hold(b), hold(a), hold(b), hold(a), hold(b)]);
		expect(max).toBe(1);
	});

	it('a holder that died (never released) loses the lock after its ttl', async () => {
		const lock = redisKeyLock({ host: '127.0.0.1', port });
		const { RedisConnection } = await import('../../../engine/execution/redis');
		const dead = new RedisConnection({ host: '127.0.0.1', port });
		expect(await dead.command(['SET', 'sc:lock:orphan', 'someone', 'NX', 'PX', '300'])).toBe('OK');
		dead.close();
		const started = Date.now();
		await expect(lock.withLock('orphan', async () => 'got', { ttlMs: 1000, waitMs: 2000 })).resolves.toBe('got');
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
	});

	it('a Redis that is not there is a clear error naming it', async () => {
		const lock = redisKeyLock({ host: '127.0.0.1', port: 1, connectTimeoutMs: 500 });
		await expect(lock.withLock('k', async () => 'never', { ttlMs: 1000, waitMs: 100 })).rejects.toThrow(/Redis at 127\.0\.0\.1:1: ECONNREFUSED/);
	});
});

describe('the executor when the lock cannot be had', () => {
	it('a writer waits longer than a lock lives: a run whose holder died (a killed queue worker) takes over instead of giving up', async () => {
		const { executePlan } = await import('../../../engine/execution');
		const { input, plan, startVendors, step } = await import('./fixtures');
		const v = await startVendors();
		try {
			v.zendesk.addTicket({ id: 4243 });
			const asked: Array<{ ttlMs: number; waitMs: number }> = [];
			const recording: KeyLock = { scope: 'redis', withLock: async (_key, fn, limits) => { asked.push(limits); return await fn(); } };
			await executePlan(input(plan([step('note', 'zendesk.addInternalNote', 'write', { body: 'x' })]), v), { lock: recording });
			expect(asked).toHaveLength(1);
			expect(asked[0].waitMs).toBeGreaterThan(asked[0].ttlMs);
		} finally {
			await v.close();
		}
	});


	it('a write whose lock is unavailable is not sent: the step fails naming the lock, the plan escalates', async () => {
		const { executePlan } = await import('../../../engine/execution');
		const { input, plan, startVendors, step } = await import('./fixtures');
		const v = await startVendors();
		try {
			v.zendesk.addTicket({ id: 4242 });
			const broken = redisKeyLock({ host: '127.0.0.1', port: 1, connectTimeoutMs: 200 });
			const p = plan([step('note', 'zendesk.addInternalNote', 'write', { body: 'x' })]);
			const { execution, escalation } = await executePlan(input(p, v), { lock: broken, retry: { timeoutMs: 1000 } });
			expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 0 });
			expect(execution.steps[0].error).toMatch(/write lock \(redis\) unavailable: Redis at 127\.0\.0\.1:1: ECONNREFUSED; nothing was sent/);
			expect(escalation?.code).toBe('execution');
			expect(v.zendesk.writes).toHaveLength(0);
		} finally {
			await v.close();
		}
	});
});
