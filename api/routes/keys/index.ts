/** /v1/key: the key route bound to its handler. */
import { createRouter } from '../../openapi.js';
import * as handlers from './handlers.js';
import * as routes from './routes.js';

/** /v1/key: what the API key in use names and grants (the dashboard signs in with it alone). */
export const keyRouter = createRouter().openapi(routes.read, handlers.read);
