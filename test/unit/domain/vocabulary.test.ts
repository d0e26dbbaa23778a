// One vocabulary (issue 8 item 9): the grammar, the services, the store's types and the views take
// their lists from src/domain — the same arrays, not copies that can drift.
import { describe, expect, it } from 'vitest';
import * as records from '../../../src/domain/collection-records.js';
import * as locales from '../../../src/domain/locale.js';
import { GROUP_BYS } from '../../../src/domain/report-groups.js';
import { LEGAL_STAGES } from '../../../src/domain/legal-stages.js';
import { SUBSCRIPTION_KINDS } from '../../../src/domain/subscription-kinds.js';
import * as grammar from '../../../src/chat/grammar.js';
import { hasKey, LOCALES as I18N_LOCALES } from '../../../src/chat/i18n.js';
import { METHODS as SERVICE_METHODS, OUTCOMES as SERVICE_OUTCOMES } from '../../../src/services/cases/index.js';
import { SUBSCRIPTION_KINDS as SERVICE_KINDS } from '../../../src/services/subscriptions.js';
import { LEGAL_STAGES as SERVICE_STAGES } from '../../../src/services/legal/move-legal-stage.js';
import { GROUP_BYS as REPORT_GROUP_BYS } from '../../../src/services/reports/types.js';
import { TEMPLATE_LOCALES } from '../../../src/services/documents/template-fields.js';

describe('one vocabulary', () => {
  it('the grammar and the services use the domain\'s lists themselves', () => {
    expect(grammar.METHODS).toBe(records.METHODS);
    expect(grammar.OUTCOMES).toBe(records.OUTCOMES);
    expect(SERVICE_METHODS).toBe(records.METHODS);
    expect(SERVICE_OUTCOMES).toBe(records.OUTCOMES);
    expect(grammar.GROUP_BY).toBe(GROUP_BYS);
    expect(REPORT_GROUP_BYS).toBe(GROUP_BYS);
    expect(grammar.SUBSCRIPTION_KINDS).toBe(SUBSCRIPTION_KINDS);
    expect(SERVICE_KINDS).toBe(SUBSCRIPTION_KINDS);
    expect(grammar.LEGAL_STAGES).toBe(LEGAL_STAGES);
    expect(SERVICE_STAGES).toBe(LEGAL_STAGES);
    expect(I18N_LOCALES).toBe(locales.LOCALES);
    expect(TEMPLATE_LOCALES).toBe(locales.LOCALES);
  });

  it('every method and outcome has a label in both languages, and nothing else passes as one', () => {
    for (const m of records.METHODS) expect(hasKey(`method.${m}`)).toBe(true);
    for (const o of records.OUTCOMES) expect(hasKey(`outcome.${o}`)).toBe(true);
    expect(records.isMethod('fax')).toBe(false);
    expect(records.isOutcome('maybe')).toBe(false);
    expect(locales.isLocale('zh-CN')).toBe(true);
    expect(locales.isLocale('zh')).toBe(false);
    expect(locales.LOCALES).toContain(locales.DEFAULT_LOCALE);
  });
});

describe('one catalogue of domain names', () => {
  it('chat, report tables and documents name buckets and group-bys from src/domain/labels.ts', async () => {
    const { domainLabels } = await import('../../../src/domain/labels.js');
    const { reportLabels } = await import('../../../src/services/reports/report-labels.js');
    const { DOCUMENT_LABELS } = await import('../../../src/services/documents/document-labels.js');
    const { t } = await import('../../../src/chat/i18n.js');
    const { BUCKETS, LEVELS, STAGES } = await import('../../../src/domain/aging.js');
    for (const locale of locales.LOCALES) {
      const names = domainLabels(locale);
      expect(reportLabels(locale).bucket).toBe(names.bucket);
      expect(reportLabels(locale).by).toBe(names.groupBy);
      expect(DOCUMENT_LABELS[locale].bucket).toBe(names.bucket);
      for (const b of BUCKETS) expect(t(locale, `bucket.${b}`)).toBe(names.bucket[b]);
      for (const g of GROUP_BYS) expect(t(locale, `by.${g}`)).toBe(names.groupBy[g]);
      for (const l of LEVELS) expect(t(locale, `level.${l}`)).toBe(names.level[l]);
      for (const s of STAGES) expect(t(locale, `stage.${s}`)).toBe(names.stage[s]);
      for (const s of LEGAL_STAGES) expect(t(locale, `legal.stage.${s}`)).toBe(names.legalStage[s]);
    }
    // A range reads with an en dash in both languages (the report tables used to write 1-30天).
    expect(domainLabels('zh-CN').bucket.d1_30).toBe('1–30天');
  });
});

describe('one list of customer message kinds', () => {
  it('templates take theirs from src/domain/message-kinds.ts', async () => {
    const { MESSAGE_KINDS } = await import('../../../src/domain/message-kinds.js');
    const { TEMPLATE_KINDS } = await import('../../../src/services/documents/template-fields.js');
    expect(TEMPLATE_KINDS).toBe(MESSAGE_KINDS);
  });
});
