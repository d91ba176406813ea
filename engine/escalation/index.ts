export * from './buildHandoff';
export * from './handoffReason';
export * from './priority';
export * from './redact';
export * from './renderNote';
export * from './writeNote';
export * from './factFields';
export * from './headline';
