/** adservice: GetAds by context keys (product categories), else 2 random ads. */
import { z } from 'zod';
import { parseRequest } from '../shared/messages.js';
import { runRpcService } from '../shared/rpc-server.js';
import { selectAds } from './ads.js';

const getAdsRequest = z.object({
  context_keys: z.array(z.string().max(256, 'must be at most 256 characters')).max(100, 'must have at most 100 keys').default([]),
});

await runRpcService({
  service: 'adservice',
  methods: {
    GetAds: (body) => ({ ads: selectAds(parseRequest(getAdsRequest, body).context_keys) }),
  },
});
