import { setTimeout as sleep } from 'node:timers/promises';

interface Activity {
  type: string;
  text?: string;
  from: { id: string; role?: string };
}

/** A web chat user talking to the real app over Direct Line: says `text`, waits for the bot's answer. */
export async function webChatUser(url: string, text: string) {
  const started = (await (await fetch(`${url}/v3/directline/conversations`, { method: 'POST' })).json()) as {
    conversationId: string;
    token: string;
  };
  const activities = `${url}/v3/directline/conversations/${started.conversationId}/activities`;
  const headers = { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' };
  const posted = await fetch(activities, {
    method: 'POST',
    headers,
    body: JSON.stringify({ type: 'message', text, from: { id: 'ignored' } }),
  });
  if (posted.status !== 200) throw new Error(`posting a message answered ${posted.status}`);
  const log = async () =>
    ((await (await fetch(`${activities}?watermark=0`, { headers })).json()) as { activities: Activity[] })
      .activities;
  // The bot's answer: the turn (and its transcript) is complete.
  for (let deadline = Date.now() + 10_000; ; await sleep(50)) {
    const all = await log();
    if (all.some((a) => a.from.role === 'bot')) {
      return {
        conversationId: started.conversationId,
        userId: all.find((a) => a.text === text)?.from.id ?? '',
        /** Posts once more with the conversation's token; the status. */
        say: async (more: string) =>
          (
            await fetch(activities, {
              method: 'POST',
              headers,
              body: JSON.stringify({ type: 'message', text: more, from: { id: 'ignored' } }),
            })
          ).status,
      };
    }
    if (Date.now() > deadline) throw new Error('the bot never answered');
  }
}
