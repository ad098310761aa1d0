import { type DynamicModule, Inject, Module } from '@nestjs/common';
import { parseAppConfig } from './app-config.js';
import type { RawEnvironment } from './environment.schema.js';
import { readProcessEnvironment } from './process-environment.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the validated, typed configuration: `@InjectAppConfig() private readonly config: AppConfig`. */
export const InjectAppConfig = (): ParameterDecorator => Inject(APP_CONFIG);

@Module({})
export class AppConfigModule {
  /**
   * Reads `.env` and the process environment once, at boot (readProcessEnvironment). Tests pass
   * `environment` instead, so that several app instances with different settings can run in one
   * process. Throws ConfigValidationError naming every problem: call it before NestFactory.create,
   * which would log the error with a stack trace before main.ts could print the problems.
   */
  static forRoot(environment?: RawEnvironment): DynamicModule {
    const config = parseAppConfig(environment ?? readProcessEnvironment());
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
