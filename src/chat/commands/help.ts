// `/ar help [command]`
import { answer, ephemeral } from '../context.js';
import type { CommandHandler } from '../command.js';
import { helpView } from '../views/help.js';

export const help: CommandHandler<'help'> = async (ctx, cmd) => answer(ephemeral(helpView({ topic: cmd.topic ?? null }, ctx.locale)));
