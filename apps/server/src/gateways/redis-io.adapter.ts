import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';

/** socket.io across instances: the official Redis Streams adapter (REDIS_URL). */
export async function createRedisIoAdapter(app: INestApplicationContext, url: string): Promise<IoAdapter> {
  const client = createClient({ url });
  client.on('error', () => undefined); // the client reconnects by itself
  await client.connect();
  const adapter = createAdapter(client);
  return new (class extends IoAdapter {
    override createIOServer(port: number, options?: ServerOptions): Server {
      const server: Server = super.createIOServer(port, options);
      server.adapter(adapter);
      return server;
    }
  })(app);
}
