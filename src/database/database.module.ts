import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Database } from '../storage/sqlite-driver.js';
import { closeSqliteFile, openSqliteFile } from '../storage/sqlite-file.js';

/** The app's own SQLite database (DATABASE_PATH): feature modules keep their tables in it (`@Inject(DATABASE)`). */
export const DATABASE = Symbol('DATABASE');

/**
 * Opened at boot (a file that cannot be opened stops the app, naming DATABASE_PATH) and closed at
 * shutdown. Unlike the session storage it holds the app's own data: back it up, and with several
 * instances point them at one shared database (see docs/extending.md).
 */
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [APP_CONFIG],
      useFactory: ({ databasePath }: AppConfig): Database => {
        try {
          return openSqliteFile(databasePath);
        } catch (error) {
          throw new Error(`DATABASE_PATH (${databasePath}) cannot be opened: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
          });
        }
      },
    },
  ],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  onApplicationShutdown(): void {
    closeSqliteFile(this.db);
  }
}
