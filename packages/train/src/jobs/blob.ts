/**
 * The reference of some bytes: `sha256:<hex>` of their content. Specs name a user's CSV by it;
 * the bytes travel once per run beside the specs (RunOptions.blobs).
 */
export async function blobRef(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
  return `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
