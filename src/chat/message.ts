// The neutral message model: what a view says, before any platform renders it.
// Every string here is PLAIN TEXT (no markup): renderers escape all of it for their platform,
// so user-written text can never smuggle `<!channel>`, mentions or links. Emphasis is structural
// (title, field label); people are `mention` segments, links are `link` segments.

export type { Locale } from '../domain/locale.js';
export type LevelColour = 'yellow' | 'orange' | 'red' | 'green' | 'grey' | 'blue';

/** Inline content: plain text, a mention of a duebot user, or a link we built ourselves. */
export type Inline =
  | { text: string; bold?: boolean }
  | { mention: { userId: number; name: string } }
  | { link: { url: string; label: string } };
export type Rich = string | Inline[];

export interface Field { label: string; value: Rich }

export type Block =
  | { type: 'section'; text: Rich }
  | { type: 'fields'; fields: Field[] }
  | { type: 'divider' }
  | { type: 'context'; text: Rich }
  | { type: 'list'; items: Rich[] }
  | { type: 'table'; columns: string[]; rows: string[][]; align?: ('left' | 'right')[] }
  /** An image uploaded first through ChatPort.uploadImage (a chart); `alt` says what it shows. */
  | { type: 'image'; imageId: string; alt: string };

export type ActionStyle = 'primary' | 'danger' | 'default';

/**
 * A confirmation step before a button acts: its title, its question, and the labels of the two
 * answers (Slack requires both; absent here: the generic "Confirm" / "Cancel" of the locale).
 */
export interface ActionConfirm { title: string; text: string; confirm?: string; deny?: string }

/** A button. `id` names the action ('claim', 'approve', …); `value` is an encoded ActionPayload. */
export interface Action { id: string; label: string; value: string; style?: ActionStyle; confirm?: ActionConfirm }

/** A form: Slack renders a modal, Lark a card with inputs, the console prompts field by field. */
export interface FormField {
  name: string; label: string;
  kind: 'text' | 'multiline' | 'select' | 'date' | 'amount';
  options?: { value: string; label: string }[];
  optional?: boolean; initial?: string; placeholder?: string;
}
export interface Form { id: string; title: string; submitLabel: string; fields: FormField[]; value: string }

export interface Message {
  title?: string;
  level?: LevelColour;          // header/attachment colour
  blocks: Block[];
  actions?: Action[];
  form?: Form;
  /** Short plain-text summary for notifications and fallbacks. */
  summary: string;
  /** Answer only the person who asked (Slack ephemeral, Lark toast or DM). */
  ephemeral?: boolean;
  /** Refusals and errors: a short reference that is also in the log. */
  errorRef?: string;
}

export const text = (t: string): Block => ({ type: 'section', text: t });
