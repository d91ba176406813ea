import type { Ticket, ToolScope } from '../contracts';
import type { HttpClient } from './http';
import type { McpSession } from './connectors/mcpSession';

export type Access = 'read' | 'write';

/**
 * How a re-run is kept from writing twice:
 * - natural: a read, or a write that sets absolute values; repeating it changes nothing
 * - key: the server honours an idempotency key we send (Stripe's Idempotency-Key)
 * - ledger: we look for our own marker in the target system before writing, and write it with the write
 * - none: nothing; such a write is sent at most once per run and never retried
 */
export type IdempotencyMechanism = 'natural' | 'key' | 'ledger' | 'none';

/** Operator-set permissions for one intent, enforced whatever the plan says (schema: engine/contracts/scope.ts). */
export type IntentScope = ToolScope;

export interface ToolCallSpec {
	tool: string;
	args: Record<string, unknown>;
}

/** What a step would send: shown for dry runs, never containing credentials. */
export interface WouldBeRequest {
	method: string;
	path: string;
	body?: unknown;
}

export interface ToolContext {
	ticket: Ticket;
	/** Full idempotency key (hex). */
	key: string;
	/** Short form written into the target system as a ledger marker, e.g. `sc_0123456789abcdef`. */
	marker: string;
	timeoutMs: number;
}

export interface ToolOutcome {
	summary: string;
	externalIds?: Record<string, string>;
	/** The server said it replayed a saved result (Stripe `Idempotent-Replayed`): an earlier run wrote it. */
	replayed?: boolean;
	/** The tool's own undo for this exact write, if it has one (e.g. restore the previous ticket fields). */
	compensation?: ToolCallSpec;
}

export type LedgerState =
	| { done: false; prior?: Record<string, unknown> }
	| { done: true; summary: string; externalIds?: Record<string, string> };

/** A catalogue tool bound to one step's arguments. */
export interface ResolvedTool {
	name: string;
	access: Access;
	idempotency: IdempotencyMechanism;
	/** Internal notes are the only writes suggest mode sends. */
	internalNote?: boolean;
	/** Money this step moves; `null` for a money tool whose amount or currency is missing. */
	money?: { amount: number; currency: string } | null;
	/** Problems with the arguments, found before anything is sent. */
	argProblem?: string;
	preview(ctx: ToolContext): WouldBeRequest;
	checkLedger?(ctx: ToolContext): Promise<LedgerState>;
	/**
	 * Read-only: did an earlier run already do this write? Used for steps a failed run never reached,
	 * so a re-run that stops early still records what an earlier (crashed) run did. Defaults to
	 * checkLedger; key-based tools supply their own lookup.
	 */
	probe?(ctx: ToolContext): Promise<LedgerState>;
	perform(ctx: ToolContext, ledger: LedgerState | undefined): Promise<ToolOutcome>;
}

/** A generic HTTP endpoint the operator configured; the plan names it, never a raw URL. */
export interface HttpEndpoint {
	name: string;
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** Path relative to the client's base URL, with `{param}` placeholders filled from `args.params`. */
	path: string;
	/** Defaults to read for GET, write otherwise. */
	access?: Access;
	/** Header the endpoint honours as an idempotency key; without it, writes are never retried. */
	idempotencyHeader?: string;
}

export interface McpServerConfig {
	session: McpSession;
	/** Tools that only read; every other tool of the server is treated as a write. */
	readTools?: string[];
	/** Argument name the server honours as an idempotency key (we fill it); without it, writes are never retried. */
	idempotencyKeyArg?: string;
}

export interface Connectors {
	zendesk?: { client: HttpClient };
	/** Help Scout Mailbox API 2.0: the Send Reply target for Help Scout conversations (no plan tools). */
	helpScout?: { client: HttpClient };
	shopify?: { client: HttpClient; apiVersion?: string };
	stripe?: { client: HttpClient };
	http?: { client: HttpClient; endpoints: HttpEndpoint[] };
	mcp?: Record<string, McpServerConfig>;
}
