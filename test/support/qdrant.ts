/** The real Qdrant the tests start: one implementation, shared with `npm start -- --queue`. */
export * from '../../scripts/qdrantServer';
