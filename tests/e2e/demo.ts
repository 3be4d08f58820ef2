/** The demo dataset as the host offers it, and the strings no CO page, file or disk may hold. */
import type { Host } from './host';

export interface Demo {
  participants: { jetNumber: string | null; name: string; email: string }[];
  counsellors: { id: string; name: string }[];
  messages: { subject?: string; body: string }[];
}

/** The demo dataset exactly as the host offers it to the page. */
export async function demoOf(host: Host): Promise<Demo> {
  const response = await fetch(`${host.origin}/bridge/demo.dataset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CW-Token': host.token },
    body: '{}',
  });
  const result = (await response.json()) as { ok: true; value: { text: string } };
  return JSON.parse(result.value.text) as Demo;
}

/** Its JET numbers, names, e-mails, subjects and texts (and the first words of each text). */
export function privateStringsOf(demo: Demo): string[] {
  return [
    ...demo.participants.flatMap((p) => [p.name, p.email, ...(p.jetNumber ? [p.jetNumber] : [])]),
    ...demo.messages.flatMap((m) => [
      ...(m.subject ? [m.subject] : []),
      // A body, and its first words (a page could show a snippet).
      m.body,
      m.body.slice(0, 24),
    ]),
  ].filter((value) => value.trim().length >= 3);
}
