export {
  AttachmentService,
  filesOf,
  refusedFilesOf,
  withoutServerFileFields,
  FILES_FIELD,
  REFUSED_FILES_FIELD,
  type AttachmentServiceOptions,
  type FileReference,
  type FileRefusal,
  type IncomingFile,
  type RefusalReason,
} from './attachment-service';
export { readUpload, formatBytes, type ParsedUpload, type UploadLimits } from './multipart-upload';
export { sniffContent, type SniffResult } from './sniff';
