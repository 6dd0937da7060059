/**
 * The console server's own words (its error pages), in the language the browser asked for
 * (Accept-Language, by weight): English, Bahasa Indonesia or Thai, as the web app speaks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const serverLocales = ['en', 'id', 'th'] as const;
export type ServerLocale = (typeof serverLocales)[number];

const messages = {
  en: {
    badSignIn: 'This sign-in request is not valid ({detail}).',
    signInNotBegun: 'This sign-in was not begun here or has expired: open the console and sign in again.',
    signInFailed: 'Sign-in failed: open the console and sign in again.',
    noRoute: 'There is no page {route} here.',
    methodNotAllowed: 'This address only answers GET and HEAD.',
    notBuilt: "The console's web app is not built (no {path}): run npm run build -w @concord/console, or npm start, which builds it.",
  },
  id: {
    badSignIn: 'Permintaan masuk ini tidak sah ({detail}).',
    signInNotBegun: 'Proses masuk ini tidak dimulai di sini atau sudah kedaluwarsa: buka konsol dan masuk lagi.',
    signInFailed: 'Gagal masuk: buka konsol dan masuk lagi.',
    noRoute: 'Tidak ada halaman {route} di sini.',
    methodNotAllowed: 'Alamat ini hanya menjawab GET dan HEAD.',
    notBuilt: 'Aplikasi web konsol belum dibangun (tidak ada {path}): jalankan npm run build -w @concord/console, atau npm start, yang membangunnya.',
  },
  th: {
    badSignIn: 'คำขอลงชื่อเข้าใช้นี้ไม่ถูกต้อง ({detail})',
    signInNotBegun: 'การลงชื่อเข้าใช้นี้ไม่ได้เริ่มที่นี่หรือหมดอายุแล้ว: เปิดคอนโซลและลงชื่อเข้าใช้อีกครั้ง',
    signInFailed: 'ลงชื่อเข้าใช้ไม่สำเร็จ: เปิดคอนโซลและลงชื่อเข้าใช้อีกครั้ง',
    noRoute: 'ไม่มีหน้า {route} ที่นี่',
    methodNotAllowed: 'ที่อยู่นี้ตอบเฉพาะ GET และ HEAD',
    notBuilt: 'ยังไม่ได้สร้างเว็บแอปของคอนโซล (ไม่มี {path}): รัน npm run build -w @concord/console หรือ npm start ซึ่งจะสร้างให้',
  },
} as const satisfies Record<ServerLocale, Record<string, string>>;

export type ServerMessage = keyof (typeof messages)['en'];

const isServerLocale = (tag: string): tag is ServerLocale => (serverLocales as readonly string[]).includes(tag);

/** The best of en/id/th for this request by Accept-Language weight (`id-ID;q=0.9` counts as `id`), else English. */
export function languageOf(req: IncomingMessage): ServerLocale {
  const weighted = (req.headers['accept-language'] ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, order) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = Number(/^\s*q=([0-9.]+)\s*$/.exec(parameters.find((p) => p.trim().startsWith('q=')) ?? '')?.[1] ?? 1);
      return { primary: tag.split('-')[0]!.toLowerCase(), q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((choice) => choice.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return weighted.map((choice) => choice.primary).find(isServerLocale) ?? 'en';
}

/** One message in one language, with its `{name}` placeholders filled. */
export function serverMessage(locale: ServerLocale, id: ServerMessage, values: Readonly<Record<string, string>> = {}): string {
  return messages[locale][id].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Answers an error page in the browser's language, marked with it (Content-Language). */
export function errorPage(req: IncomingMessage, res: ServerResponse, status: number, id: ServerMessage, values: Readonly<Record<string, string>> = {}): void {
  const locale = languageOf(req);
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-language': locale, 'cache-control': 'no-store', vary: 'accept-language' }).end(`${serverMessage(locale, id, values)}\n`);
}
