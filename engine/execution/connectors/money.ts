/** ISO 4217 currencies Stripe treats as zero-decimal: amounts are sent as whole units. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

export function toMinorUnits(amount: number, currency: string): number {
	return ZERO_DECIMAL.has(currency.toLowerCase()) ? Math.round(amount) : Math.round(amount * 100);
}

export function fromMinorUnits(amount: number, currency: string): number {
	return ZERO_DECIMAL.has(currency.toLowerCase()) ? amount : amount / 100;
}

/** Shopify prices are decimal strings ("12.50"). */
export function decimalString(amount: number): string {
	return amount.toFixed(2);
}
