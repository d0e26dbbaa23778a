import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../../../src/services/documents/default-templates.js';
import { checkTemplate, renderTemplateText } from '../../../../src/services/documents/template-check.js';
import { TEMPLATE_KINDS, TEMPLATE_LOCALES } from '../../../../src/services/documents/template-fields.js';

describe('template check', () => {
  it.each(TEMPLATE_KINDS.flatMap((k) => TEMPLATE_LOCALES.map((l) => [k, l] as const)))('passes the default %s template (%s)', (kind, locale) => {
    const c = checkTemplate(kind, DEFAULT_TEMPLATES[kind][locale]);
    expect(c).toMatchObject({ ok: true });
  });

  it('refuses an unknown placeholder with its line and name', () => {
    const c = checkTemplate('reminder', 'Pay {{total_overdue}}\n\nDear {{contact_name}},\n\nYou owe {{amount_due}} since {{date}}.\n');
    expect(c).toEqual({ ok: false, problems: [
      { line: 5, name: 'amount_due', message: expect.stringContaining('unknown placeholder {{amount_due}} for a reminder template') },
    ] });
  });

  it('knows the fields of a loop inside it, and only there', () => {
    const ok = checkTemplate('statement', 'S\n\n{{#invoices}}{{number}} {{balance}} {{customer_name}}\n{{/invoices}}');
    expect(ok.ok).toBe(true);
    const bad = checkTemplate('statement', 'S\n\n{{number}}\n{{#payments}}{{balance}}{{/payments}}');
    expect(bad).toEqual({ ok: false, problems: [
      { line: 3, name: 'number', message: expect.stringContaining('unknown placeholder {{number}}') },
      { line: 4, name: 'balance', message: expect.stringContaining('unknown placeholder {{balance}}') },
    ] });
  });

  it('refuses fields of another kind, a list used as a value, partials, and broken syntax', () => {
    expect(checkTemplate('reminder', 'S\n\n{{deadline}}')).toMatchObject({ ok: false, problems: [{ line: 3, name: 'deadline' }] });
    expect(checkTemplate('reminder', 'S\n\n{{invoices}}')).toMatchObject({ ok: false, problems: [{ name: 'invoices', message: expect.stringContaining('is a list') }] });
    expect(checkTemplate('reminder', 'S\n\n{{>footer}}')).toMatchObject({ ok: false, problems: [{ name: 'footer', message: expect.stringContaining('partials') }] });
    expect(checkTemplate('reminder', 'S\n\nline\n{{#invoices}}open')).toMatchObject({ ok: false, problems: [{ line: 4, name: 'invoices', message: 'unclosed section "invoices"' }] });
    expect(checkTemplate('reminder', '\n\nbody')).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringContaining('subject') }] });
  });

  it('renders text without HTML escaping (the HTML writer escapes)', () => {
    expect(renderTemplateText('{{customer_name}} & {{{org_name}}}', { customer_name: 'A<B>', org_name: 'C&D' })).toBe('A<B> & C&D');
  });
});
