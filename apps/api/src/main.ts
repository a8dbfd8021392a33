import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { createApi } from './create-api.js';

const config = loadConfigOrExit();
const app = await createApi(config);
await app.listen(config.port, '0.0.0.0');
