import { CONTRACT_EMBEDDING_DIMENSION, describeCaptureRepositoryContract, InMemoryCaptureStore } from '../../../src/testing/index.js';

describeCaptureRepositoryContract('InMemoryCaptureStore', async () => {
  const store = new InMemoryCaptureStore(CONTRACT_EMBEDDING_DIMENSION);
  return {
    artifacts: store.artifacts,
    subspaces: store.subspaces,
    assignment: store.assignment,
    addUser: async (id: string) => store.addUser(id),
  };
});
