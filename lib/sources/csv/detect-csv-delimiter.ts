export type CsvDelimiter = "," | ";" | "\t" | "|";

const CANDIDATES: readonly CsvDelimiter[] = [",", ";", "\t", "|"];
const MAX_LINES = 20;

/**
 * Guesses the delimiter from the start of the file: the candidate that appears the same number of
 * times (at least once) on every complete record is the one; among those, the most frequent wins.
 * Quoted text is ignored, so "Doe, Jane" inside quotes does not vote for the comma. Spreadsheets
 * set to a European locale write ";", database exports often use tabs; a file with a single column
 * has no delimiter at all and reads the same with any, so "," is the answer then.
 */
export function detectCsvDelimiter(head: string): CsvDelimiter {
  const records = countPerRecord(head);
  let best: CsvDelimiter = ",";
  let bestScore = 0;
  for (const candidate of CANDIDATES) {
    const counts = records.map((record) => record.get(candidate) ?? 0);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.every((count) => count === first);
    // A consistent candidate always beats an inconsistent one; the count breaks ties.
    const score = (consistent ? 1_000_000 : 0) + first;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Per record, how often each candidate appears outside quotes. Only complete records count:
 * the last one may be cut off where the head of the file ends. */
function countPerRecord(head: string): Map<string, number>[] {
  const records: Map<string, number>[] = [];
  let counts = new Map<string, number>();
  let quoted = false;
  for (let index = 0; index < head.length && records.length < MAX_LINES; index += 1) {
    const char = head[index] as string;
    if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && (char === "\n" || char === "\r")) {
      records.push(counts);
      counts = new Map();
    } else if (!quoted && (CANDIDATES as readonly string[]).includes(char)) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
  }
  // A file of one line with no newline is still a complete header.
  if (records.length === 0) records.push(counts);
  // Blank lines (and lines with no candidate at all) say nothing about the delimiter.
  const informative = records.filter((record) => record.size > 0);
  return informative.length > 0 ? informative : records;
}
