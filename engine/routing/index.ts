/** The Intent Router's engine: the built-in classifier and the urgency and sentiment rules. */
export { trainClassifier, trainClassifierWithEncoder, type BuiltinClassifier, type EncoderClassifier } from './builtinClassifier';
export { detectUrgency, type UrgencyContext } from './urgencyDetector';
export { detectSentiment } from './sentimentDetector';
export { expectedCalibrationError } from './temperatureScaling';
export * from './types';
