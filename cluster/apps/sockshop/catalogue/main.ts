/**
 * catalogue (Go in the real app): GET /catalogue?page&size&tags&sort, /catalogue/size?tags=, /catalogue/{id},
 * /tags, /catalogue/images/{file}. The data is the real seed, kept in code; the pictures are generated JPEGs of the real
 * files' sizes (pictures.ts), rendered (or read from their disk cache) in the background once listening.
 */
import { HttpError } from '../../../../kit/http/http-error.js';
import { route, runService, type ServiceRequest } from '../shared/http-service.js';
import { sockPictures } from './pictures.js';
import { allTags, filterByTags, findSock, listSocks } from './socks.js';

function positiveInt(req: ServiceRequest, name: string, fallback: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new HttpError(400, `${name}: must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

const tagsOf = (req: ServiceRequest) => (req.query.get('tags') ?? '').split(',').filter(Boolean);

await runService({
  name: 'catalogue',
  errorStyle: 'go-kit',
  routes: [
    route('GET', '/catalogue', (req) => ({
      body: listSocks({ tags: tagsOf(req), order: req.query.get('sort') ?? 'id', page: positiveInt(req, 'page', 1), size: positiveInt(req, 'size', 10) }),
    })),
    route('GET', '/catalogue/size', (req) => ({ body: { size: filterByTags(tagsOf(req)).length, err: null } })),
    route('GET', '/tags', () => ({ body: { tags: allTags, err: null } })),
    route('GET', '/catalogue/images/:file', async (req) => {
      if (!sockPictures.has(req.params.file!)) throw new HttpError(404, 'not found');
      const data = await sockPictures.get(req.params.file!);
      return { raw: { contentType: 'image/jpeg', data }, headers: { 'cache-control': 'public, max-age=3600' } };
    }),
    route('GET', '/catalogue/:id', (req) => {
      const sock = findSock(req.params.id!);
      if (!sock) throw new HttpError(404, 'not found');
      return { body: sock };
    }),
  ],
});
void sockPictures.warmUp();
