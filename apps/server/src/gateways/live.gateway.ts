import { Inject, Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  LIVE_NAMESPACE,
  describeIssues,
  subscribeSchema,
  type ClientToServerEvents,
  type LiveEvent,
  type ServerToClientEvents,
  type SubscribeAck,
  type WatchWallAck,
  watchWallSchema,
} from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AlertService } from '../services/alert.service';
import { AuthService, type Principal } from '../services/auth.service';
import { LiveBus } from '../services/live-bus.service';
import { LiveStreamService } from '../services/live-stream.service';
import { WallStreamService } from '../services/wall-stream.service';

/** Events between server instances (through the Redis Streams adapter), never seen by clients. */
interface InterServerEvents {
  applied: (events: LiveEvent[]) => void;
  /** Ids of alerts acknowledged on another instance (AlertService). */
  alertsChanged: (ids: string[]) => void;
}

type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, { principal: Principal }>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, { principal: Principal }>;

/** socket.io namespace `/live`: authenticates, takes `subscribe`, hands the rest to LiveStreamService. */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true } })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnGatewayDisconnect<LiveSocket> {
  private readonly logger = new Logger(LiveGateway.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(LiveStreamService) private readonly stream: LiveStreamService,
    @Inject(LiveBus) private readonly bus: LiveBus,
    @Inject(WallStreamService) private readonly walls: WallStreamService,
    @Inject(AlertService) private readonly alerts: AlertService,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.auth
        .verifyToken(typeof token === 'string' ? token : null)
        .then((principal) => {
          socket.data.principal = principal;
          next();
        })
        .catch((error: Error) => next(new Error(error.message)));
    });
    namespace.on('connection', (socket: LiveSocket) => this.onConnection(socket));
    if (this.config.REDIS_URL) {
      namespace.on('applied', (events) => this.bus.receiveRelayed(events));
      this.bus.setRelay((events) => namespace.serverSideEmit('applied', events));
      namespace.on('alertsChanged', (ids) => this.alerts.receiveRelayed(ids));
      this.alerts.setRelay((ids) => namespace.serverSideEmit('alertsChanged', ids));
      this.logger.log('live stream relayed between instances through Redis Streams');
    }
  }

  handleDisconnect(socket: LiveSocket): void {
    this.stream.remove(socket.id);
    this.walls.remove(socket.id);
  }

  private onConnection(socket: LiveSocket): void {
    socket.on('watchWall', (request, ack) => {
      const reply: (result: WatchWallAck) => void = typeof ack === 'function' ? ack : () => undefined;
      const parsed = watchWallSchema.safeParse(request ?? {});
      if (!parsed.success) return reply({ ok: false, error: describeIssues(parsed.error) });
      const watcher = {
        id: socket.id,
        sendWall: (snapshot: Parameters<ServerToClientEvents['wall']>[0]) => socket.emit('wall', snapshot),
        sendDepartmentView: (view: Parameters<ServerToClientEvents['departmentView']>[0]) => socket.emit('departmentView', view),
      };
      this.walls
        .watch(watcher, parsed.data.scope)
        .then((scope) => reply({ ok: true, scope }))
        .catch((error: Error & { response?: { message?: string } }) => reply({ ok: false, error: error.response?.message ?? error.message }));
    });
    socket.on('subscribe', (request, ack) => {
      const reply: (result: SubscribeAck) => void = typeof ack === 'function' ? ack : () => undefined;
      const parsed = subscribeSchema.safeParse(request ?? {});
      if (!parsed.success) return reply({ ok: false, error: describeIssues(parsed.error) });
      const client = {
        id: socket.id,
        sendEvents: (events: LiveEvent[]) => socket.emit('events', events),
        sendKpis: (snapshot: Parameters<ServerToClientEvents['kpis']>[0]) => socket.emit('kpis', snapshot),
        sendAlerts: (alerts: Parameters<ServerToClientEvents['alerts']>[0]) => socket.emit('alerts', alerts),
      };
      this.stream
        .subscribe(client, parsed.data)
        .then((seq) => reply({ ok: true, seq }))
        .catch((error: Error & { response?: { message?: string } }) => reply({ ok: false, error: error.response?.message ?? error.message }));
    });
  }
}
