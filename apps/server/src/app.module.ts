import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { AlertController } from './controllers/alert.controller';
import { AuditController } from './controllers/audit.controller';
import { AuthController } from './controllers/auth.controller';
import { CaseController } from './controllers/case.controller';
import { CatalogueController } from './controllers/catalogue.controller';
import { EvaluationController } from './controllers/evaluation.controller';
import { EvaluationSchemeController } from './controllers/evaluation-scheme.controller';
import { EventController } from './controllers/event.controller';
import { GridController } from './controllers/grid.controller';
import { HealthController } from './controllers/health.controller';
import { ImportController } from './controllers/import.controller';
import { RegionImportController } from './controllers/region-import.controller';
import { EmergingHotspotController } from './controllers/emerging-hotspot.controller';
import { HotspotController } from './controllers/hotspot.controller';
import { KpiController } from './controllers/kpi.controller';
import { MapController } from './controllers/map.controller';
import { PublicRankingController } from './controllers/public-ranking.controller';
import { TileController } from './controllers/tile.controller';
import { Open311Controller } from './controllers/open311.controller';
import { TrendController } from './controllers/trend.controller';
import { WallController } from './controllers/wall.controller';
import { DepartmentViewController } from './controllers/department-view.controller';
import { DATABASE, type Database } from './db/database';
import { LiveGateway } from './gateways/live.gateway';
import { IngestKeyGuard, UserGuard } from './auth/guards';
import { AlertRepository } from './repositories/alert.repository';
import { AreaSummaryRepository } from './repositories/area-summary.repository';
import { AuditRepository } from './repositories/audit.repository';
import { CasePointsRepository } from './repositories/case-points.repository';
import { CaseRepository } from './repositories/case.repository';
import { CatalogueRepository } from './repositories/catalogue.repository';
import { DemoRepository } from './repositories/demo.repository';
import { EvaluationFactsRepository } from './repositories/evaluation-facts.repository';
import { EvaluationSchemeRepository } from './repositories/evaluation-scheme.repository';
import { EventLogRepository } from './repositories/event-log.repository';
import { GridRepository } from './repositories/grid.repository';
import { OpenCaseRepository } from './repositories/open-case.repository';
import { RollupRepository } from './repositories/rollup.repository';
import { TrendRollupRepository } from './repositories/trend-rollup.repository';
import { HotspotRepository } from './repositories/hotspot.repository';
import { ImportJobRepository } from './repositories/import-job.repository';
import { KpiRepository } from './repositories/kpi.repository';
import { PublicationRepository } from './repositories/publication.repository';
import { PublicRankingRepository } from './repositories/public-ranking.repository';
import { RegionRepository } from './repositories/region.repository';
import { RegionImportRepository } from './repositories/region-import.repository';
import { RejectedEventRepository } from './repositories/rejected-event.repository';
import { SettingRepository } from './repositories/setting.repository';
import { TileRepository } from './repositories/tile.repository';
import { Open311PullRepository } from './repositories/open311-pull.repository';
import { Open311Repository } from './repositories/open311.repository';
import { TrendRepository } from './repositories/trend.repository';
import { WallRepository } from './repositories/wall.repository';
import { UserRepository } from './repositories/user.repository';
import { AlertRulesService } from './services/alert-rules.service';
import { AlertService } from './services/alert.service';
import { EmergingAlertService } from './services/emerging-alert.service';
import { AuditService } from './services/audit.service';
import { AuthService } from './services/auth.service';
import { CaseCache } from './services/case-cache.service';
import { CaseService } from './services/case.service';
import { CatalogueService } from './services/catalogue.service';
import { ClockService } from './services/clock.service';
import { DemoService } from './services/demo.service';
import { EvaluationSchemeService } from './services/evaluation-scheme.service';
import { EvaluationService } from './services/evaluation.service';
import { GridService } from './services/grid.service';
import { EmergingHotspotService } from './services/emerging-hotspot.service';
import { HotspotService } from './services/hotspot.service';
import { IngestService } from './services/ingest.service';
import { CaseImportService } from './services/case-import/case-import.service';
import { KpiService } from './services/kpi.service';
import { LiveBus } from './services/live-bus.service';
import { LiveStreamService } from './services/live-stream.service';
import { MapService } from './services/map.service';
import { PublicationService } from './services/publication.service';
import { PublicCache } from './services/public-cache';
import { PublicRankingService } from './services/public-ranking.service';
import { SeedService } from './services/seed.service';
import { TileService } from './services/tile.service';
import { TrendService } from './services/trend.service';
import { Open311ClientService } from './services/open311-client/open311-client.service';
import { Open311Service } from './services/open311.service';
import { WallService } from './services/wall.service';
import { DepartmentViewService } from './services/department-view.service';
import { WallStreamService } from './services/wall-stream.service';
import { WallTrendService } from './services/wall-trend.service';
import { UserService } from './services/user.service';
import { CellCountService } from './services/cell-count.service';
import { RollupService } from './services/rollup.service';
import { TrendRollupReadService } from './services/trend-rollup-read.service';
import { TrendRollupService } from './services/trend-rollup.service';
import { CityFrameService } from './services/city-frame.service';
import { RegionImportService } from './services/region-import/region-import.service';

export const REPOSITORIES = [
  AlertRepository,
  ImportJobRepository,
  AreaSummaryRepository,
  AuditRepository,
  CasePointsRepository,
  CaseRepository,
  CatalogueRepository,
  DemoRepository,
  EvaluationFactsRepository,
  EvaluationSchemeRepository,
  EventLogRepository,
  GridRepository,
  HotspotRepository,
  KpiRepository,
  PublicationRepository,
  PublicRankingRepository,
  RegionRepository,
  RegionImportRepository,
  RejectedEventRepository,
  RollupRepository,
  OpenCaseRepository,
  SettingRepository,
  TileRepository,
  TrendRepository,
  TrendRollupRepository,
  Open311Repository,
  Open311PullRepository,
  WallRepository,
  UserRepository,
];

export const SERVICES = [
  AlertRulesService,
  AlertService,
  EmergingAlertService,
  CaseImportService,
  AuditService,
  AuthService,
  CaseCache,
  CaseService,
  CatalogueService,
  CellCountService,
  ClockService,
  DemoService,
  EvaluationSchemeService,
  EvaluationService,
  GridService,
  HotspotService,
  EmergingHotspotService,
  IngestService,
  KpiService,
  LiveBus,
  LiveStreamService,
  MapService,
  PublicationService,
  PublicCache,
  PublicRankingService,
  RollupService,
  CityFrameService,
  RegionImportService,
  SeedService,
  TileService,
  TrendService,
  TrendRollupService,
  TrendRollupReadService,
  Open311Service,
  Open311ClientService,
  WallService,
  DepartmentViewService,
  WallStreamService,
  WallTrendService,
  UserService,
];

/** Closes the database when the application shuts down (SIGTERM, app.close()). */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/** The application, given its validated config and an opened, migrated database. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, db: Database, options: { http: boolean } = { http: true }): DynamicModule {
    return {
      module: AppModule,
      controllers: options.http ? [AlertController, AuditController, AuthController, EvaluationController, EvaluationSchemeController, MapController, CaseController, CatalogueController, EventController, GridController, HealthController, ImportController, EmergingHotspotController, HotspotController, KpiController, PublicRankingController, TileController, TrendController, Open311Controller, WallController, DepartmentViewController, RegionImportController] : [],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE, useValue: db },
        ...REPOSITORIES,
        ...SERVICES,
        DatabaseLifecycle,
        IngestKeyGuard,
        UserGuard,
        ...(options.http ? [LiveGateway] : []),
      ],
    };
  }
}
