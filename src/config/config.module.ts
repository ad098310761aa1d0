import { type DynamicModule, Inject, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { type AppConfig, parseAppConfig } from './app-config.js';
import type { RawEnvironment } from './environment.schema.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the validated, typed configuration: `@InjectAppConfig() private readonly config: AppConfig`. */
export const InjectAppConfig = (): ParameterDecorator => Inject(APP_CONFIG);

@Module({})
export class AppConfigModule {
  /**
   * Reads `.env` and the process environment once, at boot. Tests pass `environment`
   * instead, so that several app instances with different settings can run in one process.
   * Rejects with ConfigValidationError naming every problem: await it before NestFactory.create,
   * which would log the error with a stack trace before main.ts could print the problems.
   */
  static async forRoot(environment?: RawEnvironment): Promise<DynamicModule> {
    const isolated = environment !== undefined;
    const configModule = await ConfigModule.forRoot({
      ignoreEnvFile: isolated,
      ignoreEnvVars: isolated,
      validate: (loaded): { app: AppConfig } => ({ app: parseAppConfig(environment ?? (loaded as RawEnvironment)) }),
    });
    return {
      module: AppConfigModule,
      global: true,
      imports: [configModule],
      providers: [
        {
          provide: APP_CONFIG,
          inject: [ConfigService],
          useFactory: (config: ConfigService): AppConfig => config.getOrThrow<AppConfig>('app'),
        },
      ],
      exports: [APP_CONFIG],
    };
  }
}
