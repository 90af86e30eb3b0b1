export { registerWebChatRoutes, type WebChatDeps, type IssuedWebChatToken } from './webchat-routes';
