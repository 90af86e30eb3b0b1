import { TeamsInfo, type Middleware, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import { parseEmailAddress } from './email-address';
import { VERIFIED_USER_FIELD, type VerifiedUser } from './verified-user';

const TEAMS_CHANNEL_ID = 'msteams';
/** How long a roster answer is reused: names and addresses change rarely, a turn needs it fast. */
const REMEMBER_MS = 60 * 60 * 1000;
/** After a failed lookup, the roster is not asked again for this long (the turn goes on without). */
const RETRY_AFTER_FAILURE_MS = 5 * 60 * 1000;
const REMEMBERED_USERS = 5000;

type Lookup = (context: TurnContext, userId: string) => Promise<TeamsChannelAccount>;

interface Remembered {
  user: VerifiedUser | undefined;
  until: number;
}

/**
 * Puts the Teams user's name, e-mail address (`email`, else a `userPrincipalName` shaped like one)
 * and Entra object id from the roster (`TeamsInfo.getMember`) on each Teams message's turn, for
 * the hand-over and the ticket. Answers are remembered per user for an hour on this instance; a
 * roster that cannot be reached costs the turn nothing but the e-mail address.
 */
export function teamsRosterIdentity(options: {
  logger: Logger;
  clock?: () => Date;
  /** Tests and other hosts may look members up differently; the Bot Connector's roster by default. */
  lookup?: Lookup;
}): Middleware {
  const lookup: Lookup = options.lookup ?? ((context, userId) => TeamsInfo.getMember(context, userId));
  const now = () => (options.clock?.() ?? new Date()).getTime();
  const remembered = new Map<string, Remembered>();

  async function identify(context: TurnContext, userId: string): Promise<VerifiedUser | undefined> {
    const { activity } = context;
    const key = `${activity.conversation?.tenantId ?? ''}|${activity.serviceUrl}|${userId}`;
    const known = remembered.get(key);
    if (known && known.until > now()) return known.user;
    let user: VerifiedUser | undefined;
    let until = now() + REMEMBER_MS;
    try {
      user = fromRoster(await lookup(context, userId));
    } catch (err) {
      options.logger.warn({ err, conversationId: activity.conversation?.id }, 'Teams roster lookup failed');
      until = now() + RETRY_AFTER_FAILURE_MS;
    }
    remembered.delete(key);
    remembered.set(key, { user, until });
    if (remembered.size > REMEMBERED_USERS) remembered.delete(remembered.keys().next().value!);
    return user;
  }

  return {
    async onTurn(context, next) {
      const { activity } = context;
      if (activity.channelId !== TEAMS_CHANNEL_ID) return next();
      const channelData = activity.channelData as Record<string, unknown> | undefined;
      // Only the roster's answer counts, whatever the activity carried under the field's name.
      if (channelData) delete channelData[VERIFIED_USER_FIELD];
      const userId = activity.from?.id;
      if (activity.type === 'message' && userId) {
        const user = await identify(context, userId);
        if (user) activity.channelData = { ...channelData, [VERIFIED_USER_FIELD]: user };
      }
      return next();
    },
  };
}

function fromRoster(member: TeamsChannelAccount): VerifiedUser | undefined {
  const subject = member.aadObjectId ?? member.id;
  if (!subject) return undefined;
  const email = parseEmailAddress(member.email ?? '') ?? parseEmailAddress(member.userPrincipalName ?? '');
  const name = member.name?.trim() || [member.givenName, member.surname].filter(Boolean).join(' ');
  return {
    subject,
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(member.aadObjectId ? { aadObjectId: member.aadObjectId } : {}),
  };
}
