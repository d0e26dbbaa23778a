// What a case lacks for legal escalation (src/domain/escalation-rule.ts), as lines for people.
import type { Missing } from '../../domain/escalation-rule.js';
import { t, type Locale } from '../i18n.js';

export function missingLine(m: Missing, locale: Locale): string {
  switch (m.kind) {
    case 'written_records':
      return t(locale, 'missing.written_records', { have: m.have, need: m.need });
    case 'customer_response':
      return t(locale, 'missing.customer_response');
    case 'advanced_stage':
      return t(locale, 'missing.advanced_stage', { days: m.daysOverdue, need: m.need });
  }
}
