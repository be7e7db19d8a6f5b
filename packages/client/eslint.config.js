import { createConfig } from '@proj/eslint-config';

export default createConfig({ packageDir: import.meta.dirname });
