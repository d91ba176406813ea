export { detectShape, detectSource, RECOGNISED_SHAPES, SHAPE_SOURCE } from './detect';
export { decodeEntities, htmlToText } from './html';
export { normaliseTicket } from './normalise';
export { extractOrderRefs } from './orderRefs';
export { unwrapPayload } from './unwrap';
export type { CustomMapping, NormaliseOptions, PayloadShape, SourceSetting } from './types';
