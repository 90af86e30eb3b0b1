export { recogniseTicketCommand, type TicketCommand } from './recognise-ticket-command';
export { TicketChat } from './ticket-chat';
export { REOPEN_WHICH } from './reopen-dialog';
export {
  ownsTicket,
  type TicketChatHandoffs,
  type TicketChatOptions,
  type TicketChatStore,
} from './ticket-chat-port';
