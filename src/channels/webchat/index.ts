export {
  registerWebChatRoutes,
  type WebChatDeps,
  type IssuedWebChatToken,
  type WebChatResume,
} from './webchat-routes';
export { RESUME_COLLECTION, ResumeCredentials, type ResumeRecord } from './resume-credentials';
