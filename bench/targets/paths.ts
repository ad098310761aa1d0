import { join } from 'node:path';

/** The repository root, from bench/dist/<folder>/ once compiled. */
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const VIEWS_DIR = join(REPO_ROOT, 'views');
export const PARTIALS_DIR = join(VIEWS_DIR, 'partials');
export const APP_ENTRY = join(REPO_ROOT, 'dist', 'main.js');
export const BENCH_DIST = join(REPO_ROOT, 'bench', 'dist');
