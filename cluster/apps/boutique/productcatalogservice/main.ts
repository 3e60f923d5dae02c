/** productcatalogservice: ListProducts, GetProduct (404 NOT_FOUND for an unknown id), SearchProducts. */
import { z } from 'zod';
import { idField, parseRequest } from '../shared/messages.js';
import { RpcError } from '../shared/rpc-errors.js';
import { runRpcService } from '../shared/rpc-server.js';
import { findProduct, listProducts, searchProducts } from './catalog.js';

const getProductRequest = z.object({ id: idField });
const searchRequest = z.object({ query: z.string().max(1024, 'must be at most 1024 characters').default('') });

await runRpcService({
  service: 'productcatalogservice',
  methods: {
    ListProducts: () => ({ products: listProducts() }),
    GetProduct: (body) => {
      const { id } = parseRequest(getProductRequest, body);
      const product = findProduct(id);
      if (!product) throw new RpcError('NOT_FOUND', `no product with ID ${id}`);
      return product;
    },
    SearchProducts: (body) => ({ results: searchProducts(parseRequest(searchRequest, body).query) }),
  },
});
