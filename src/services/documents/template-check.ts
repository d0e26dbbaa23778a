// Templates are logic-less (mustache: placeholders, sections and loops only, no partials) and may
// name only the fields of their kind (template-fields.ts). A bad template is refused with the line
// and the name of each bad placeholder (issue 11), before anything is stored.
//
// The file's first line is the subject; after a blank line comes the body, paragraphs separated by
// blank lines. The body is text: duebot escapes it into the HTML email and lays it out in the PDF.
import Mustache from 'mustache';
import { TEMPLATE_FIELDS, type FieldSpec, type TemplateKind } from './template-fields.js';

export interface TemplateProblem { line: number; name: string; message: string }
export type TemplateCheck = { ok: true; subject: string; body: string } | { ok: false; problems: TemplateProblem[] };

type Token = [string, string, number, number, Token[]?, number?];

const MAX_BYTES = 64 * 1024;

/** Splits and checks a template; the parts come back when it is sound. */
export function checkTemplate(kind: TemplateKind, source: string): TemplateCheck {
  if (Buffer.byteLength(source) > MAX_BYTES) return refuse(1, '', `the template is larger than ${MAX_BYTES / 1024} KB`);
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const nl = text.indexOf('\n');
  const subject = (nl === -1 ? text : text.slice(0, nl)).trim();
  const body = nl === -1 ? '' : text.slice(nl + 1).replace(/^\n+/, '');
  if (subject === '') return refuse(1, '', 'the first line is the subject and must not be empty');
  if (body.trim() === '') return refuse(2, '', 'the body is empty: after the subject line and a blank line comes the text');

  let tokens: Token[];
  try {
    tokens = Mustache.parse(text) as Token[];
  } catch (e) {
    // mustache says "Unclosed section "x" at 42" / "Unclosed tag at 3": turn the offset into a line.
    const msg = e instanceof Error ? e.message : String(e);
    const at = /at (\d+)$/.exec(msg);
    const name = /"([^"]*)"/.exec(msg)?.[1] ?? '';
    return refuse(at ? lineOf(text, Number(at[1])) : 1, name, msg.replace(/ at \d+$/, '').toLowerCase());
  }
  const problems: TemplateProblem[] = [];
  walk(tokens, [TEMPLATE_FIELDS[kind]], text, kind, problems);
  if (problems.length) return { ok: false, problems };
  return { ok: true, subject, body };
}

function walk(tokens: Token[], scopes: Record<string, FieldSpec>[], text: string, kind: TemplateKind, problems: TemplateProblem[]): void {
  const lookup = (name: string) => {
    for (let i = scopes.length - 1; i >= 0; i--) if (name in scopes[i]!) return scopes[i]![name];
    return undefined;
  };
  for (const [type, name, start, , children] of tokens) {
    const line = () => lineOf(text, start);
    switch (type) {
      case 'text':
      case '!':
        break;
      case 'name':
      case '&': {
        const spec = lookup(name);
        if (spec === undefined) problems.push({ line: line(), name, message: unknownField(name, kind, scopes) });
        else if (spec !== 'value') problems.push({ line: line(), name, message: `${name} is a list: loop over it with {{#${name}}}…{{/${name}}}` });
        break;
      }
      case '#':
      case '^': {
        const spec = lookup(name);
        if (spec === undefined) { problems.push({ line: line(), name, message: unknownField(name, kind, scopes) }); break; }
        const inner = typeof spec === 'object' && type === '#' ? [...scopes, spec.list] : scopes;
        walk(children ?? [], inner, text, kind, problems);
        break;
      }
      case '>':
        problems.push({ line: line(), name, message: 'partials ({{>name}}) are not allowed: templates are logic-less' });
        break;
      default:
        problems.push({ line: line(), name, message: `{{${type}…}} is not allowed: use placeholders, sections and loops only` });
    }
  }
}

function unknownField(name: string, kind: TemplateKind, scopes: Record<string, FieldSpec>[]): string {
  const known = [...new Set(scopes.flatMap((s) => Object.keys(s)))].sort();
  return `unknown placeholder {{${name}}} for a ${kind} template (known here: ${known.join(', ')})`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function refuse(line: number, name: string, message: string): TemplateCheck {
  return { ok: false, problems: [{ line, name, message }] };
}

/** Renders a checked template part with the data: plain text, nothing escaped (escaping is the HTML writer's job). */
export function renderTemplateText(part: string, data: Record<string, unknown>): string {
  return Mustache.render(part, data, {}, { escape: (s: string) => s });
}
