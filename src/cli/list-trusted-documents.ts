import { TrustedDocuments } from '../server/trusted-documents';

/** Prints each registered partner system's trusted operations and the documentId to send for each. */
const docs = TrustedDocuments.load().documents;
if (!docs.length) console.log('No partner system is registered for trusted documents (schema/trusted-documents/ is empty).');
for (const d of docs) console.log(`${d.clientId}\t${d.name}\t${d.id}`);
