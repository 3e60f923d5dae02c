/** recommendationservice: ListRecommendations asks the catalog for every product and samples ones not shown. */
import { z } from 'zod';
import { callService } from '../../../lib/service-calls.js';
import { rpc, type Product } from '../shared/api.js';
import { parseRequest } from '../shared/messages.js';
import { downstreamError } from '../shared/rpc-errors.js';
import { runRpcService } from '../shared/rpc-server.js';
import { recommend } from './recommend.js';

const listRequest = z.object({
  user_id: z.string().max(256, 'must be at most 256 characters').default(''),
  product_ids: z.array(z.string().max(256, 'must be at most 256 characters')).max(1000, 'must have at most 1000 ids').default([]),
});

await runRpcService({
  service: 'recommendationservice',
  methods: {
    ListRecommendations: async (body) => {
      const { product_ids } = parseRequest(listRequest, body);
      let catalog: { products?: Product[] };
      try {
        catalog = await callService<{ products?: Product[] }>('productcatalogservice', rpc.productcatalogservice.ListProducts, {});
      } catch (err) {
        throw downstreamError(err, 'UNAVAILABLE', 'failed to list products');
      }
      return { product_ids: recommend((catalog.products ?? []).map((p) => p.id), product_ids) };
    },
  },
});
