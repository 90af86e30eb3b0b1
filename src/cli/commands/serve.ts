import { serve } from '../../main';

export const summary = 'start the bot, the web chat page and the technician console';

export async function run(_args: string[]): Promise<number> {
  return serve();
}
