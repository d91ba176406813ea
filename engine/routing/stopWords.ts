/**
 * English function words. They carry no intent, yet in a tiny training set they are rare enough
 * to get a high IDF, so "What is the capital of Mongolia?" would look close to "What is the
 * delivery date?". The out-of-domain check therefore compares content words only.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
	(
		'a about above after again against all am an and any are as at be because been before being below between both ' +
		'but by can cannot could did do does doing down during each few for from further had has have having he her ' +
		'here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of ' +
		'off on once only or other our ours ourselves out over own same she should so some such than that the their ' +
		'theirs them themselves then there these they this those through to too under until up very was we were what ' +
		'when where which while who whom why will with would you your yours yourself yourselves im ive id ill youre ' +
		'dont doesnt didnt isnt wasnt arent werent cant couldnt wont wouldnt shouldnt hasnt havent hadnt lets thats ' +
		'theres whats hi hello hey dear please thanks thank thx regards also still yet even really get got gets getting ' +
		'would could may might must shall one two us let like know want need say said tell told go going went make made ' +
		'yes ok okay well way much many every anything something nothing everything someone anyone everyone today now ' +
		'again ever back 0'
	).split(' '),
);
