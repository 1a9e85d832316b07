// The in-memory store against the shared store contract (`npm run test:server` after a build).
import { createMemoryStore } from '../../dist/server/index.js';
import { runStoreContract } from './store-contract.mjs';

runStoreContract('memory store', () => createMemoryStore());
