// `/ar lang zh|en`: the asker's language; the answer is already in the new one.
import { setUserLocale } from '../../services/identity.js';
import { answer, ephemeral } from '../context.js';
import type { CommandHandler } from '../command.js';
import { confirmationView } from '../views/confirmation.js';

export const lang: CommandHandler<'lang'> = async (ctx, cmd) => {
  const updated = await setUserLocale(ctx.db, ctx.actor, cmd.locale);
  return { ...answer(ephemeral(confirmationView({ kind: 'language_set', locale: updated.locale }, updated.locale))), locale: updated.locale };
};
