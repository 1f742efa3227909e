// Configuration for the MikroORM CLI (`npx mikro-orm ...`): the same as the hub's, from DATABASE_URL.
import { ormConfig } from './src/db/orm';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('The MikroORM CLI needs DATABASE_URL (the hub itself starts an embedded PostgreSQL; the CLI does not).');
export default ormConfig(url);
