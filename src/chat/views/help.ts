// `/ar help` (every command, one line each) and `/ar help <command>` (usage and details).
import { COMMANDS, USAGE, type CommandName } from '../grammar.js';
import { t, type Locale } from '../i18n.js';
import type { Message } from '../message.js';
import { bold, labelled } from './parts.js';

export interface HelpInput { topic?: CommandName | null }

export function helpView(input: HelpInput, locale: Locale): Message {
  if (input.topic) {
    const c = input.topic;
    return {
      title: `/ar ${c}`,
      blocks: [
        { type: 'section', text: t(locale, `help.${c}`) },
        { type: 'section', text: labelled(t(locale, 'help.usage'), USAGE[c]) },
        { type: 'section', text: t(locale, `help.detail.${c}`) },
        { type: 'context', text: t(locale, 'help.example', { example: t(locale, `help.example.${c}`) }) },
      ],
      summary: `${USAGE[c]}: ${t(locale, `help.${c}`)}`,
      ephemeral: true,
    };
  }
  return {
    title: t(locale, 'help.title'),
    blocks: [
      { type: 'list', items: COMMANDS.map((c) => [bold(`/ar ${c}`), { text: ` — ${t(locale, `help.${c}`)}` }]) },
      { type: 'context', text: t(locale, 'help.more') },
    ],
    summary: t(locale, 'help.title'),
    ephemeral: true,
  };
}
