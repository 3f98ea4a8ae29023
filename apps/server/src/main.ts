import { bootstrap } from './bootstrap';

bootstrap().catch((error: Error) => {
  console.error(`gridlens failed to start: ${error.message}`);
  process.exit(1);
});
