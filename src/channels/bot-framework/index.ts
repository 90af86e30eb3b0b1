export { createBotFrameworkChannel, type BotFrameworkChannel } from './bot-framework-channel';
