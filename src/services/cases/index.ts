// The case use cases, for the chat router, the adapters and the jobs.
export { claimCase, type ClaimResult, type ClaimInput } from './claim-case.js';
export { releaseCase, type ReleaseResult, type ReleaseInput } from './release-case.js';
export { assignCase, findUser, type AssignResult, type AssignInput, type UserRef } from './assign-case.js';
export { logRecord, METHODS, OUTCOMES, type LogRecordResult, type LogRecordInput, type RecordSummary, type ContactCount } from './log-record.js';
export { promiseToPay, type PromiseResult, type PromiseInput, type PromiseSummary } from './promise-to-pay.js';
export { disputeInvoice, type DisputeResult, type DisputeInput } from './dispute-invoice.js';
export { snoozeCase, type SnoozeResult, type SnoozeInput } from './snooze-case.js';
export { requestEscalation, type EscalationRequestResult, type RequestEscalationInput } from './request-escalation.js';
export { proposeWriteoff, type WriteoffProposalResult, type ProposeWriteoffInput } from './propose-writeoff.js';
export { decideEscalation, type DecisionResult, type DecideEscalationInput } from './decide-escalation.js';
export { caseDetail, myCases, pendingEscalations, type CaseDetail, type InvoiceLine, type RecordLine } from './case-queries.js';
export { digestData, type DigestData, type DigestOptions, type PromiseLine, type Sum } from './digest-data.js';
export { findCustomer, findInvoice } from './find-customer.js';
export { ensureOpenCase, type CaseSummary, type OpenCase } from './open-case.js';
export { loadEscalation, type EscalationSummary, type EscalationKind, type EscalationStatus } from './escalation-summary.js';
export { loadOrgContext, type CommandOptions, type OrgContext } from './case-command.js';
export type { Scope } from './case-lines.js';
export { pendingPromise } from './pending-promise.js';
