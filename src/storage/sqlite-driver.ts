import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

// better-sqlite3 13 is built on Node-API 10, which Node has from 22.14: an older Node segfaults in
// `new Database()`. 12 works there, but built for a current Node 24 it aborts the process whenever
// the garbage collector frees one of its objects (node::ObjectWrap's cleanup hook). So each Node
// loads the release that works on it: 13 where it can, 12 (installed as better-sqlite3-node20) before.
const NODE_API_OF_BETTER_SQLITE3_13 = 10;
const RELEASE_FOR_THIS_NODE = Number(process.versions.napi) >= NODE_API_OF_BETTER_SQLITE3_13 ? 'better-sqlite3' : 'better-sqlite3-node20';

// 13 brings its binaries in the package; 12 is optional, so npm skips it when it can neither
// download nor compile its binary.
const HOW_TO_INSTALL = {
  'better-sqlite3': 'run "npm ci" again',
  'better-sqlite3-node20': 'install python3, make and a C++ compiler, then run "npm rebuild better-sqlite3-node20"',
};

function load(): typeof BetterSqlite3 {
  try {
    return createRequire(import.meta.url)(RELEASE_FOR_THIS_NODE) as typeof BetterSqlite3;
  } catch (error) {
    throw new Error(`${RELEASE_FOR_THIS_NODE} cannot be loaded on Node ${process.version}: ${HOW_TO_INSTALL[RELEASE_FOR_THIS_NODE]}`, {
      cause: error,
    });
  }
}

/** better-sqlite3's Database class, from the release this Node can run. */
export const Database = load();

/** An open database (the instance type of `Database`). */
export type Database = BetterSqlite3.Database;

/** A prepared statement of an open database. */
export type Statement<BindParameters extends unknown[] = unknown[], Result = unknown> = BetterSqlite3.Statement<BindParameters, Result>;
