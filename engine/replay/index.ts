export { CsvSyntaxError, parseCsvRecords, type CsvRecord } from './csv';
export {
	parseJsonText,
	readTicketsFile,
	ticketsFromCsv,
	ticketsFromJson,
	TICKET_ACTIONS,
	TICKETS_FILE_FORMAT,
	TicketsFileProblem,
	type ExpectedOutcome,
	type ReplayTicket,
	type TicketsFile,
} from './ticketsFile';
export {
	actionOf,
	computeAgreement,
	computeTotals,
	norm,
	replayRow,
	type AgreementLine,
	type LayerTime,
	type ReplayRow,
	type ReplayTicketRef,
	type ReplayTotals,
} from './report';
export { replayMarkdown, type MarkdownInput } from './markdown';
export { agreementReport, type AgreementReport, type ReplayFileInfo } from './agreementReport';
