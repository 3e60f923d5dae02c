/**
 * The weight of the shop's pages, measured once per run before any throttled journey (global setup), so the
 * throttled profiles' budgets come from the real bytes of the target and not from a guess: the home page and the
 * first product page it links, each with its render-blocking stylesheets, the fonts those load (the Latin subset a
 * page actually uses), and its eagerly loaded images. E2E_PAGE_BYTES=<critical bytes> overrides the measurement.
 */
import { parse } from 'node-html-parser';
import { defaultPageWeight, type PageWeight } from './profiles.js';

export const pageWeightVariable = 'E2E_PAGE_WEIGHT';

/** An asset the measurement could not fetch counts as this many bytes (and is named in the source). */
const unreachableAssetBytes = 50 * 1024;
const maxFontsPerPage = 6;
const maxImagesPerPage = 12;

export interface MeasuredPage {
  url: string;
  documentBytes: number;
  stylesheetBytes: number;
  fontBytes: number;
  eagerImageBytes: number;
  unreachable: string[];
}

type Fetcher = (url: string) => Promise<Buffer>;

const defaultFetcher: Fetcher = async (url) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'follow' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
};

/** Font files a stylesheet's @font-face rules load for Latin text: the first (preferably woff2) url of each face. */
export function fontUrls(css: string, cssUrl: string): string[] {
  const urls: string[] = [];
  for (const face of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
    const range = /unicode-range:\s*([^;}]*)/.exec(face)?.[1];
    if (range && !/U\+0000|U\+0-|U\+00-|U\+0020/i.test(range)) continue; // a subset a Latin page never downloads
    const sources = [...face.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)\s*(?:format\(\s*['"]?([\w-]+))?/g)];
    const chosen = sources.find((m) => m[2] === 'woff2' || /\.woff2(\?|#|$)/.test(m[1])) ?? sources[0];
    if (chosen && !chosen[1].startsWith('data:')) urls.push(new URL(chosen[1], cssUrl).href);
  }
  return [...new Set(urls)].slice(0, maxFontsPerPage);
}

/** Only hosts the browser itself may reach are fetched; others count as unreachable without a request. */
export type HostFilter = (url: string) => boolean;

export async function measurePage(url: string, fetcher: Fetcher = defaultFetcher, allowed: HostFilter = () => true): Promise<{ page: MeasuredPage; links: string[] }> {
  const html = await fetcher(url);
  const doc = parse(html.toString('utf8'));
  const page: MeasuredPage = { url, documentBytes: html.length, stylesheetBytes: 0, fontBytes: 0, eagerImageBytes: 0, unreachable: [] };
  const get = async (asset: string): Promise<Buffer | undefined> => {
    if (!allowed(asset)) {
      page.unreachable.push(`${asset} (not fetched: outside the browser network policy)`);
      return undefined;
    }
    try {
      return await fetcher(asset);
    } catch (err) {
      page.unreachable.push(`${asset} (${(err as Error).message})`);
      return undefined;
    }
  };
  const sheets = doc
    .querySelectorAll('link[href]')
    .filter((l) => (l.getAttribute('rel') ?? '').split(/\s+/).includes('stylesheet'))
    .map((l) => new URL(l.getAttribute('href')!, url).href);
  for (const sheet of sheets) {
    const css = await get(sheet);
    page.stylesheetBytes += css?.length ?? unreachableAssetBytes;
    if (!css) continue;
    for (const font of fontUrls(css.toString('utf8'), sheet)) page.fontBytes += (await get(font))?.length ?? unreachableAssetBytes;
  }
  const images = doc
    .querySelectorAll('img[src]')
    .filter((img) => img.getAttribute('loading') !== 'lazy')
    .map((img) => new URL(img.getAttribute('src')!, url).href)
    .filter((src) => !src.startsWith('data:'));
  for (const image of [...new Set(images)].slice(0, maxImagesPerPage)) page.eagerImageBytes += (await get(image))?.length ?? unreachableAssetBytes;
  const links = doc.querySelectorAll('a[href]').map((a) => new URL(a.getAttribute('href')!, url).href);
  return { page, links };
}

/** The home page and the first product/detail page it links; the heaviest decides. */
export async function measurePageWeight(
  baseUrl: string,
  fetcher: Fetcher = defaultFetcher,
  allowed: HostFilter = () => true,
): Promise<{ weight: PageWeight; pages: MeasuredPage[] }> {
  const home = await measurePage(baseUrl, fetcher, allowed);
  const pages = [home.page];
  const origin = new URL(baseUrl).origin;
  const productLink = home.links.find((l) => l.startsWith(origin) && /\/product\/|detail\.html/.test(l));
  if (productLink) pages.push((await measurePage(productLink, fetcher, allowed)).page);
  const critical = (p: MeasuredPage) => p.documentBytes + p.stylesheetBytes + p.fontBytes;
  const unreachable = pages.flatMap((p) => p.unreachable);
  const weight: PageWeight = {
    criticalBytes: Math.max(...pages.map(critical)),
    competingBytes: Math.max(...pages.map((p) => p.eagerImageBytes)),
    waves: defaultPageWeight.waves,
    source: `measured at ${pages.map((p) => p.url).join(' and ')}${unreachable.length ? `; ${unreachable.length} asset(s) not measured, counted as ${unreachableAssetBytes / 1024} KB each` : ''}`,
  };
  return { weight, pages };
}

/** The weight the journeys use: E2E_PAGE_BYTES, else what global setup measured, else the default. */
export function pageWeight(env: NodeJS.ProcessEnv = process.env): PageWeight {
  if (env.E2E_PAGE_BYTES) {
    const bytes = Number(env.E2E_PAGE_BYTES);
    if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`E2E_PAGE_BYTES="${env.E2E_PAGE_BYTES}" is not a positive number of bytes`);
    return { ...defaultPageWeight, criticalBytes: bytes, competingBytes: 0, source: 'E2E_PAGE_BYTES' };
  }
  if (env[pageWeightVariable]) return JSON.parse(env[pageWeightVariable]) as PageWeight;
  return defaultPageWeight;
}
