import type { Detector, RedactionFinding } from '../types';
import { matchesOf } from '../matches';

/** `Password=...` inside a `Key=Value;Key=Value` string (ADO.NET, ODBC, JDBC properties). */
const ASSIGNED_PASSWORD =
  /(?<![A-Za-z])(?:Password|Pwd|Passwd|User\s+Password|Client_?Secret)\s*=\s*(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|\{([^}\n]{1,200})\}|([^;\s]{1,200}))/gi;
/** Credentials inside a URL: scheme://user:password@host. */
const URL_CREDENTIALS =
  /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,100}:([^\s@/]{1,200})@/g;

export function connectionStringDetector(): Detector {
  return (text) => {
    const findings: RedactionFinding[] = [];
    for (const m of matchesOf(text, ASSIGNED_PASSWORD)) {
      const group = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
      if (!inKeyValueList(text, m.index, m.index + m[0].length)) continue;
      const closing = m[1] !== undefined || m[2] !== undefined || m[3] !== undefined ? 1 : 0;
      const end = m.index + m[0].length - closing;
      findings.push({ kind: 'connection-string', start: end - group.length, end });
    }
    for (const m of matchesOf(text, URL_CREDENTIALS)) {
      const group = m[1] ?? '';
      const end = m.index + m[0].length - 1;
      findings.push({ kind: 'connection-string', start: end - group.length, end });
    }
    return findings;
  };
}

/**
 * A lone "password=X" is left to the password detector; a connection string has other
 * `Key=Value` pairs separated by semicolons on the same line.
 */
function inKeyValueList(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const lineEndAt = text.indexOf('\n', end);
  const from = Math.max(lineStart, start - 300);
  const to = Math.min(lineEndAt < 0 ? text.length : lineEndAt, end + 300);
  const line = text.slice(from, to);
  return line.includes(';') && (line.match(/[A-Za-z ]{2,40}=/g)?.length ?? 0) >= 2;
}
