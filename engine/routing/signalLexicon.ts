/**
 * Word lists behind the urgency and sentiment rules. Kept apart from the rules so an operator
 * (or a later issue) can read and extend them; every entry is matched on text that went through
 * normalizeText (lower case, apostrophes removed: "can't" is "cant").
 */

/** Sentiment weight per word: positive words > 0, negative < 0. Magnitudes 0.5 (mild) to 3.5 (strong). */
export const SENTIMENT_WORDS: Readonly<Record<string, number>> = {
	// positive
	love: 3, loved: 3, loving: 2.5, great: 2.5, excellent: 3, amazing: 3, awesome: 3, fantastic: 3, perfect: 2.5,
	perfectly: 2.5, wonderful: 3, brilliant: 3, lovely: 2.5, superb: 3, outstanding: 3, impressed: 2.5,
	impressive: 2.5, happy: 2, glad: 2, pleased: 2, delighted: 3, satisfied: 2, good: 1.5, nice: 1.5, better: 1,
	best: 2.5, helpful: 2, quick: 0.5, fast: 0.5, easy: 1, smooth: 1.5, thank: 0.7, thanks: 0.7, thx: 0.7, cheers: 0.7,
	appreciate: 1.5, appreciated: 1.5, recommend: 2, resolved: 1.5, solved: 1.5, sorted: 1, fixed: 1, kind: 1.5,
	works: 0.5, worked: 0.5, enjoy: 2, enjoyed: 2,
	// negative
	bad: 2, terrible: 3, awful: 3, horrible: 3, worst: 3, useless: 3, disappointed: 2.5, disappointing: 2.5,
	frustrated: 2.5, frustrating: 2.5, annoyed: 2, annoying: 2, angry: 3, furious: 3.5, livid: 3.5, upset: 2.5,
	unhappy: 2.5, unacceptable: 3, ridiculous: 3, disgusting: 3, disgraceful: 3, pathetic: 3, poor: 2,
	broken: 1.5, broke: 1.5, damaged: 1.5, ruined: 2.5, wrong: 1.5, problem: 1, problems: 1, issue: 0.5, issues: 0.5,
	error: 0.5, errors: 0.5, complaint: 1.5, complaints: 1.5, fail: 1, failed: 1, failing: 1.5, fails: 1, crash: 1.5,
	crashing: 1.5, crashes: 1.5, late: 1, delayed: 1, missing: 1, lost: 1.5, scam: 3.5, fraud: 2.5, rude: 2.5,
	incompetent: 3, waste: 2.5, hate: 3, sucks: 3, slow: 1, confusing: 1.5, confused: 1, joke: 2, meh: 1,
	unfortunately: 1, sadly: 1, leaking: 1, faded: 1, crushed: 1.5, steep: 1, nightmare: 3, hopeless: 3,
};

/** Words whose weight above is negative (the table stores magnitudes for readability). */
export const NEGATIVE_WORDS = new Set([
	'bad', 'terrible', 'awful', 'horrible', 'worst', 'useless', 'disappointed', 'disappointing', 'frustrated',
	'frustrating', 'annoyed', 'annoying', 'angry', 'furious', 'livid', 'upset', 'unhappy', 'unacceptable',
	'ridiculous', 'disgusting', 'disgraceful', 'pathetic', 'poor', 'broken', 'broke', 'damaged', 'ruined', 'wrong',
	'problem', 'problems', 'issue', 'issues', 'error', 'errors', 'complaint', 'complaints', 'fail', 'failed',
	'failing', 'fails', 'crash', 'crashing', 'crashes', 'late', 'delayed', 'missing', 'lost', 'scam', 'fraud', 'rude',
	'incompetent', 'waste', 'hate', 'sucks', 'slow', 'confusing', 'confused', 'joke', 'meh', 'unfortunately',
	'sadly', 'leaking', 'faded', 'crushed', 'steep', 'nightmare', 'hopeless',
]);

/** Words that flip the sentiment of the next few words ("not happy", "never good"). */
export const NEGATORS = new Set([
	'not', 'no', 'never', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'cant', 'cannot', 'couldnt',
	'wont', 'wouldnt', 'havent', 'hasnt', 'hadnt', 'hardly', 'barely', 'nobody', 'nothing', 'without', 'neither', 'nor',
]);

/** Words that strengthen the next sentiment word ("very disappointed", "so happy"). */
export const INTENSIFIERS = new Set([
	'very', 'really', 'so', 'extremely', 'absolutely', 'totally', 'completely', 'super', 'incredibly', 'truly',
	'highly', 'too', 'utterly', 'seriously', 'beyond', 'much',
]);

/** Mild to strong profanity, matched as whole words. */
export const PROFANITY = /\b(damn|damned|hell|crap|crappy|shit|shitty|bullshit|fuck|fucking|fucked|wtf|bloody|pissed|piss|bastards?|arse|asshole|screw you)\b/;

/** Acronyms written in capitals that are not shouting. */
export const CAPITALISED_ACRONYMS = new Set([
	'API', 'CSV', 'VAT', 'SMS', 'USA', 'PDF', 'URL', 'FAQ', 'BBB', 'FTC', 'EOD', 'ASAP', 'SKU', 'IBAN', 'HTML', 'JSON',
	'HTTP', 'HTTPS', 'UK', 'US', 'EU', 'GDPR', 'SSO', 'CEO', 'CTO', 'IT', 'PIN', 'ID', 'OK', 'TV', 'USB', 'SSL', 'DNS',
]);
