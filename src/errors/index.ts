export { AppError, ERROR_CODES, errorBody, toPublicError, type ErrorCode, type ErrorBody } from './app-error';
