/** The JSON log lines among `chunks` (what pino wrote to a test's destination) whose `event` is `name`. */
export function logEvents(chunks: readonly string[], name: string): Array<Record<string, unknown>> {
  return chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.event === name);
}
