import { relative } from 'node:path';
import { parseScreenshotArguments, takeScreenshots } from './take-screenshots.js';

/** `npm run screenshots [-- --quick] [--out <dir>]`: the README's pictures, from the real app. */
try {
  const written = await takeScreenshots(parseScreenshotArguments(process.argv.slice(2)));
  console.log(
    `Wrote ${written.length} screenshot${written.length === 1 ? '' : 's'}:\n${written.map((file) => `  ${relative(process.cwd(), file)}`).join('\n')}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
